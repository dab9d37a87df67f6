import { registerAs } from '@nestjs/config';
import { SecondsVar } from './env-decorators';
import { validateEnv } from './validate-env';

export class PresenceEnv {
  @SecondsVar(30, { positive: true })
  INACTIVITY_TIMEOUT_SECONDS!: number;

  @SecondsVar(5, { positive: true })
  TYPING_TIMEOUT_SECONDS!: number;
}

export const presenceConfig = registerAs('presence', () => {
  const env = validateEnv(PresenceEnv, process.env);
  return {
    inactivityTimeoutMs: env.INACTIVITY_TIMEOUT_SECONDS * 1000,
    typingTimeoutMs: env.TYPING_TIMEOUT_SECONDS * 1000,
  };
});
