import { registerAs } from '@nestjs/config';
import { IsDefined, Matches, ValidateBy, ValidateIf } from 'class-validator';
import { StringVar } from './env-decorators';
import { validateEnv } from './validate-env';

/** 32 bytes in url-safe base64, as `Fernet.generate_key()` prints them. */
export const FERNET_KEY_PATTERN = /^[A-Za-z0-9_-]{43}=?$/;

/** A key whose signing or encryption half is one byte repeated (all zeros, say) is no secret. */
function hasVariedHalves(key: unknown): boolean {
  if (typeof key !== 'string' || !FERNET_KEY_PATTERN.test(key)) {
    return true; // the pattern check reports it
  }
  const bytes = Buffer.from(key, 'base64url');
  return [bytes.subarray(0, 16), bytes.subarray(16)].every((half) => half.some((byte) => byte !== half[0]));
}

export class CryptoEnv {
  @StringVar('development')
  NODE_ENV!: string;

  @StringVar()
  @ValidateIf((env: CryptoEnv) => env.NODE_ENV === 'production' || env.ENCRYPTION_KEY !== undefined)
  @IsDefined({ message: '$property is required when NODE_ENV=production' })
  @Matches(FERNET_KEY_PATTERN, {
    message: '$property must be a Fernet key: 32 bytes in url-safe base64 (44 characters)',
  })
  @ValidateBy({
    name: 'variedKey',
    validator: {
      validate: hasVariedHalves,
      defaultMessage: () => '$property is one byte repeated, not a secret: generate a random key',
    },
  })
  ENCRYPTION_KEY?: string;
}

export const cryptoConfig = registerAs('crypto', () => {
  const env = validateEnv(CryptoEnv, process.env);
  return { encryptionKey: env.ENCRYPTION_KEY };
});
