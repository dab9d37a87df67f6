import { registerAs } from '@nestjs/config';
import { BooleanVar, IntegerVar, SecondsVar } from './env-decorators';
import { MAX_LIMIT_BYTES, MIB } from './server.config';
import { validateEnv } from './validate-env';

export class MessagesEnv {
  @SecondsVar(30)
  BASE_DELETE_TIME_SECONDS!: number;

  @SecondsVar(0.5)
  TIME_PER_CHARACTER_SECONDS!: number;

  @SecondsVar(300)
  MAX_MESSAGE_LIFETIME_SECONDS!: number;

  @SecondsVar(5, { positive: true })
  CLEANUP_INTERVAL_SECONDS!: number;

  @IntegerVar(6 * MIB, 1, MAX_LIMIT_BYTES)
  MAX_CONTENT_BYTES!: number;

  @IntegerVar(10_000, 1)
  MAX_STORED_MESSAGES!: number;

  @IntegerVar(256 * MIB, 1024)
  MAX_STORED_BYTES!: number;

  @IntegerVar(MIB, 0, MAX_LIMIT_BYTES)
  HISTORY_IN_CONNECTION_INFO_BYTES!: number;

  @BooleanVar(false)
  REQUIRE_E2E!: boolean;
}

export const messagesConfig = registerAs('messages', () => {
  const env = validateEnv(MessagesEnv, process.env);
  return {
    deletion: {
      baseSeconds: env.BASE_DELETE_TIME_SECONDS,
      perCharacterSeconds: env.TIME_PER_CHARACTER_SECONDS,
      maxLifetimeSeconds: env.MAX_MESSAGE_LIFETIME_SECONDS,
    },
    cleanupIntervalMs: env.CLEANUP_INTERVAL_SECONDS * 1000,
    maxContentBytes: env.MAX_CONTENT_BYTES,
    storage: { maxMessages: env.MAX_STORED_MESSAGES, maxBytes: env.MAX_STORED_BYTES },
    historyBudgetBytes: env.HISTORY_IN_CONNECTION_INFO_BYTES,
    /** Plain chat_message and edit_message are refused with e2e_required. */
    requireE2e: env.REQUIRE_E2E,
  };
});
