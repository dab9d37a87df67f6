import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { cryptoConfig } from '../config/crypto.config';
import { decryptBytes, encryptToBytes, FernetKey, generateFernetKey, parseFernetKey } from './fernet';

/** Encrypts message content at rest. Tokens are kept as raw bytes: a third smaller than text. */
@Injectable()
export class CryptoService {
  private readonly logger = new Logger(CryptoService.name);
  private readonly key: FernetKey;

  constructor(@Inject(cryptoConfig.KEY) config: ConfigType<typeof cryptoConfig>) {
    if (config.encryptionKey === undefined) {
      this.logger.warn(
        'ENCRYPTION_KEY is not set: using a key made for this process only. ' +
          'Messages live in RAM, so none are lost by it; set a key in production.',
      );
    }
    this.key = parseFernetKey(config.encryptionKey ?? generateFernetKey());
  }

  /** A Fernet token (raw bytes) for the UTF-8 text. */
  encrypt(plaintext: string): Buffer {
    return encryptToBytes(this.key, Buffer.from(plaintext, 'utf8'));
  }

  /** The text inside a token made with this key; throws `InvalidFernetToken` otherwise. */
  decrypt(token: Buffer): string {
    return decryptBytes(this.key, token).toString('utf8');
  }
}
