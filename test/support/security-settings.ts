import { ConfigType } from '@nestjs/config';
import { securityConfig } from '../../src/config/security.config';

export type SecuritySettings = ConfigType<typeof securityConfig>;

/** Security settings for unit tests: the real defaults (no tokens), with `overrides`. */
export function securitySettings(overrides: Partial<SecuritySettings> = {}): SecuritySettings {
  const saved = process.env;
  process.env = {};
  try {
    return { ...securityConfig(), ...overrides };
  } finally {
    process.env = saved;
  }
}
