import { applyDecorators } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import { IsDefined, Matches, ValidateIf } from 'class-validator';
import { StringVar } from './env-decorators';
import { validateEnv } from './validate-env';

/** The browsers' push services; a test may list a loopback one (host:port). */
const DEFAULT_PUSH_HOSTS = [
  'fcm.googleapis.com',
  'updates.push.services.mozilla.com',
  '*.push.apple.com',
  '*.notify.windows.com',
].join(',');
const VAPID_REQUIRED = '$property is required once any VAPID variable is set';
const anyVapid = (env: PushEnv): boolean =>
  env.VAPID_PUBLIC_KEY !== undefined || env.VAPID_PRIVATE_KEY !== undefined || env.VAPID_SUBJECT !== undefined;

/** One of the three VAPID variables: all three or none, each of its form. */
function VapidVar(form: RegExp, message: string): PropertyDecorator {
  return applyDecorators(
    StringVar(),
    ValidateIf(anyVapid),
    IsDefined({ message: VAPID_REQUIRED }),
    Matches(form, { message: `$property must be ${message}` }),
  );
}

export class PushEnv {
  @VapidVar(/^[A-Za-z0-9_-]{87}$/, 'a P-256 public key in url-safe base64 (npm run vapid)')
  VAPID_PUBLIC_KEY?: string;

  @VapidVar(/^[A-Za-z0-9_-]{43}$/, 'a P-256 private key in url-safe base64 (npm run vapid)')
  VAPID_PRIVATE_KEY?: string;

  @VapidVar(/^(mailto:|https:\/\/)\S+$/, 'a mailto: or https: URL')
  VAPID_SUBJECT?: string;

  @StringVar(DEFAULT_PUSH_HOSTS)
  @Matches(/^\s*(\*\.)?[a-z0-9.-]+(:\d+)?(\s*,\s*(\*\.)?[a-z0-9.-]+(:\d+)?)*\s*$/i, {
    message:
      '$property must be a comma-separated list of host names (a leading *. matches subdomains on port 443; :port allowed)',
  })
  PUSH_ALLOWED_HOSTS!: string;
}

export const pushConfig = registerAs('push', () => {
  const env = validateEnv(PushEnv, process.env);
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey, VAPID_SUBJECT: subject } = env;
  return {
    /** Undefined when Web Push is off (no VAPID variables). */
    vapid:
      publicKey !== undefined && privateKey !== undefined && subject !== undefined
        ? { publicKey, privateKey, subject }
        : undefined,
    allowedHosts: env.PUSH_ALLOWED_HOSTS.split(',')
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
  };
});
