import { ConfigType } from '@nestjs/config';
import { securityConfig } from '../../src/config/security.config';

export type SecuritySettings = ConfigType<typeof securityConfig>;

/** Security settings for unit tests: the defaults, with tokens off unless overridden. */
export function securitySettings(overrides: Partial<SecuritySettings> = {}): SecuritySettings {
  return {
    tokens: undefined,
    allowedOrigins: [],
    trustProxyHops: 0,
    authFailures: { max: 10, windowSeconds: 60, blockSeconds: 300 },
    frameRate: { frames: 30, windowSeconds: 1 },
    pingIntervalMs: 10_000,
    floodCooldownMs: 10_000,
    ...overrides,
  };
}
