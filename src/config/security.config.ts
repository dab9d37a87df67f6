import { applyDecorators } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import { IsDefined, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { parseOrigins } from '../security/origin';
import { DiffersFrom, IntegerVar, SecondsVar, StringVar, VariedSecret } from './env-decorators';
import { validateEnv } from './validate-env';

const MIN_TOKEN_LENGTH = 16;
/** Both tokens or neither: in production, or once either is set, both are required. */
const tokensRequired = (env: SecurityEnv): boolean =>
  env.NODE_ENV === 'production' || env.USER_1_TOKEN !== undefined || env.USER_2_TOKEN !== undefined;
const TOKEN_REQUIRED = '$property is required when NODE_ENV=production or the other user has a token';

/** A user's access token: optional in development, both or neither, 16+ varied characters. */
function TokenVar(): PropertyDecorator {
  return applyDecorators(
    StringVar(),
    ValidateIf(tokensRequired),
    IsDefined({ message: TOKEN_REQUIRED }),
    MinLength(MIN_TOKEN_LENGTH, { message: `$property must be at least ${MIN_TOKEN_LENGTH} characters` }),
    VariedSecret(),
  );
}

export class SecurityEnv {
  @StringVar('development')
  NODE_ENV!: string;

  @TokenVar()
  USER_1_TOKEN?: string;

  // Equal tokens would let either token open either user.
  @TokenVar()
  @DiffersFrom('USER_1_TOKEN')
  USER_2_TOKEN?: string;

  @StringVar('')
  @ValidateBy({
    name: 'origins',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseOrigins(value) !== undefined,
      defaultMessage: () =>
        '$property must be a comma-separated list of origins such as https://chat.example.com (scheme and host, no path)',
    },
  })
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
  const isProduction = env.NODE_ENV === 'production';
  const tokens =
    env.USER_1_TOKEN !== undefined && env.USER_2_TOKEN !== undefined
      ? { 1: env.USER_1_TOKEN, 2: env.USER_2_TOKEN }
      : undefined;
  return {
    /** Undefined when no token is set: the server runs open (development only). */
    tokens,
    allowedOrigins: parseOrigins(env.ALLOWED_ORIGINS) ?? [],
    trustProxyHops: env.TRUST_PROXY_HOPS,
    /** X-Forwarded-For is believed outside production, where nothing says only a proxy reaches the server. */
    trustsProxyOutsideProduction: env.TRUST_PROXY_HOPS > 0 && !isProduction,
    authFailures: {
      max: env.AUTH_MAX_FAILURES,
      windowSeconds: env.AUTH_FAILURE_WINDOW_SECONDS,
      blockSeconds: env.AUTH_BLOCK_SECONDS,
    },
    frameRate: { frames: env.RATE_LIMIT_FRAMES, windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS },
    pingIntervalMs: env.PING_INTERVAL_SECONDS * 1000,
    floodCooldownMs: env.FLOOD_COOLDOWN_SECONDS * 1000,
    pendingSockets: {
      // Behind proxies every connection is theirs: a bound by address would let a stranger's
      // burst of requests through them shut everyone out. Their own limits hold instead.
      maxPerAddress: env.TRUST_PROXY_HOPS > 0 ? Number.POSITIVE_INFINITY : env.MAX_SOCKETS_PER_ADDRESS,
      firstRequestTimeoutMs: env.HANDSHAKE_TIMEOUT_SECONDS * 1000,
    },
  };
});
