import { applyDecorators } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import { IsDefined, MinLength, ValidateIf } from 'class-validator';
import { IntegerVar, SecondsVar, StringVar } from './env-decorators';
import { validateEnv } from './validate-env';

const MIN_TOKEN_LENGTH = 16;
/** Both tokens or neither: in production, or once either is set, both are required. */
const tokensRequired = (env: SecurityEnv): boolean =>
  env.NODE_ENV === 'production' || env.USER_1_TOKEN !== undefined || env.USER_2_TOKEN !== undefined;
const TOKEN_REQUIRED = '$property is required when NODE_ENV=production or the other user has a token';

/** A user's access token: optional in development, both or neither, 16+ characters. */
function TokenVar(): PropertyDecorator {
  return applyDecorators(
    StringVar(),
    ValidateIf(tokensRequired),
    IsDefined({ message: TOKEN_REQUIRED }),
    MinLength(MIN_TOKEN_LENGTH, { message: `$property must be at least ${MIN_TOKEN_LENGTH} characters` }),
  );
}

class SecurityEnv {
  @StringVar('development')
  NODE_ENV!: string;

  @TokenVar()
  USER_1_TOKEN?: string;

  @TokenVar()
  USER_2_TOKEN?: string;

  @StringVar('')
  ALLOWED_ORIGINS!: string;

  @IntegerVar(0, 0, 10)
  TRUST_PROXY_HOPS!: number;

  @IntegerVar(10, 1)
  AUTH_MAX_FAILURES!: number;

  @SecondsVar(60, { positive: true })
  AUTH_FAILURE_WINDOW_SECONDS!: number;

  @SecondsVar(300, { positive: true })
  AUTH_BLOCK_SECONDS!: number;

  @IntegerVar(30, 1)
  RATE_LIMIT_FRAMES!: number;

  @SecondsVar(1, { positive: true })
  RATE_LIMIT_WINDOW_SECONDS!: number;

  @SecondsVar(10, { positive: true })
  PING_INTERVAL_SECONDS!: number;

  @SecondsVar(10)
  FLOOD_COOLDOWN_SECONDS!: number;

  @IntegerVar(32, 1)
  MAX_SOCKETS_PER_ADDRESS!: number;

  @SecondsVar(10, { positive: true })
  HANDSHAKE_TIMEOUT_SECONDS!: number;
}

export const securityConfig = registerAs('security', () => {
  const env = validateEnv(SecurityEnv, process.env);
  const tokens =
    env.USER_1_TOKEN !== undefined && env.USER_2_TOKEN !== undefined
      ? { 1: env.USER_1_TOKEN, 2: env.USER_2_TOKEN }
      : undefined;
  return {
    /** Undefined when no token is set: the server runs open (development only). */
    tokens,
    allowedOrigins: env.ALLOWED_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean),
    trustProxyHops: env.TRUST_PROXY_HOPS,
    authFailures: {
      max: env.AUTH_MAX_FAILURES,
      windowSeconds: env.AUTH_FAILURE_WINDOW_SECONDS,
      blockSeconds: env.AUTH_BLOCK_SECONDS,
    },
    frameRate: { frames: env.RATE_LIMIT_FRAMES, windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS },
    pingIntervalMs: env.PING_INTERVAL_SECONDS * 1000,
    floodCooldownMs: env.FLOOD_COOLDOWN_SECONDS * 1000,
    pendingSockets: {
      maxPerAddress: env.MAX_SOCKETS_PER_ADDRESS,
      firstRequestTimeoutMs: env.HANDSHAKE_TIMEOUT_SECONDS * 1000,
    },
  };
});
