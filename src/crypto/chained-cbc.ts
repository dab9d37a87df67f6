import { Cipher, createCipheriv } from 'node:crypto';

const BLOCK_BYTES = 16;
const ZERO_IV = Buffer.alloc(BLOCK_BYTES);

/**
 * One AES-128-CBC context per key, kept from token to token: setting a context up costs more
 * than encrypting a short message with it. CBC feeds each block its predecessor's ciphertext;
 * a token's first block gets its IV instead by being XORed with IV ⊕ (the context's last
 * ciphertext block), so each token is exactly what a fresh context with that IV makes. The
 * padding (PKCS#7) is added by the caller.
 */
export class ChainedCbc {
  private cipher!: Cipher;
  /** The last ciphertext block the context made: what it XORs the next block with. */
  private readonly chainBlock = Buffer.alloc(BLOCK_BYTES);

  constructor(private readonly encryptionKey: Buffer) {
    this.restart();
  }

  /** Replaces the padded plaintext with its CBC encryption under `iv`. */
  encryptInPlace(padded: Buffer, iv: Buffer): void {
    for (let i = 0; i < BLOCK_BYTES; i++) {
      padded[i] ^= iv[i] ^ this.chainBlock[i];
    }
    let encrypted: Buffer;
    try {
      encrypted = this.cipher.update(padded);
    } catch (error) {
      this.restart(); // where the context stands is unknown now
      throw error;
    }
    if (encrypted.length !== padded.length) {
      this.restart();
      throw new Error('AES-CBC returned a partial block');
    }
    encrypted.copy(padded);
    encrypted.copy(this.chainBlock, 0, encrypted.length - BLOCK_BYTES);
  }

  private restart(): void {
    this.cipher = createCipheriv('aes-128-cbc', this.encryptionKey, ZERO_IV).setAutoPadding(false);
    this.chainBlock.fill(0);
  }
}
