import { registerAs } from '@nestjs/config';
import { IsDefined, Matches, ValidateIf } from 'class-validator';
import { StringVar } from './env-decorators';
import { validateEnv } from './validate-env';

/** 32 bytes in url-safe base64, as `Fernet.generate_key()` prints them. */
export const FERNET_KEY_PATTERN = /^[A-Za-z0-9_-]{43}=?$/;

class CryptoEnv {
  @StringVar('development')
  NODE_ENV!: string;

  @StringVar()
  @ValidateIf((env: CryptoEnv) => env.NODE_ENV === 'production' || env.ENCRYPTION_KEY !== undefined)
  @IsDefined({ message: '$property is required when NODE_ENV=production' })
  @Matches(FERNET_KEY_PATTERN, {
    message: '$property must be a Fernet key: 32 bytes in url-safe base64 (44 characters)',
  })
  ENCRYPTION_KEY?: string;
}

export const cryptoConfig = registerAs('crypto', () => {
  const env = validateEnv(CryptoEnv, process.env);
  return { encryptionKey: env.ENCRYPTION_KEY };
});
