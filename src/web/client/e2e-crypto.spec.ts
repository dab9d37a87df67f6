import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eContentProblem } from '../../protocol/e2e';
import { deriveE2eKey, deriveKeyMaterial, importE2eKey, openE2e, safetyCodeOf, sealE2e } from './e2e-crypto';

interface Vectors {
  derivation: { passphrase: string; salt: string; iterations: number; key_hex: string; safety_code: string };
  message: {
    key_hex: string;
    iv_hex: string;
    sender_id: 1 | 2;
    message_type: 'text';
    plaintext: string;
    content: string;
    char_count: number;
  };
}

/** The vectors as docs/protocol.md publishes them, so the document and the code cannot differ. */
const protocol = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'protocol.md'), 'utf8');
const vectors = JSON.parse(/```json e2e-vectors\n([\s\S]*?)```/.exec(protocol)?.[1] ?? 'null') as Vectors;
const bytes = (hex: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(hex, 'hex'));

describe('end-to-end crypto of the web client', () => {
  const { derivation, message } = vectors;

  it('derives the published key bytes and safety code from passphrase and salt', async () => {
    const material = await deriveKeyMaterial(derivation.passphrase, derivation.salt, derivation.iterations);
    expect(Buffer.from(material.subarray(0, 32)).toString('hex')).toBe(derivation.key_hex);
    expect(safetyCodeOf(material)).toBe(derivation.safety_code);
  });

  it('normalises the passphrase (NFKC), so the same words typed two ways give the same key', async () => {
    const composed = await deriveKeyMaterial('Hallå', derivation.salt, 1000);
    const decomposed = await deriveKeyMaterial('Halla\u030a', derivation.salt, 1000);
    expect(Buffer.from(decomposed).equals(Buffer.from(composed))).toBe(true);
  });

  it('seals the published message to the published content, and opens it again', async () => {
    const key = await importE2eKey(bytes(message.key_hex));
    const content = await sealE2e(
      key,
      message.sender_id,
      message.message_type,
      message.plaintext,
      bytes(message.iv_hex),
    );
    expect(content).toBe(message.content);
    await expect(openE2e(key, message.sender_id, message.message_type, content)).resolves.toBe(message.plaintext);
    expect(Array.from(message.plaintext)).toHaveLength(message.char_count);
    expect(e2eContentProblem(content, message.char_count)).toBeUndefined();
  });

  it('opens nothing that was tampered with, bound to another sender or type, or sealed with another passphrase', async () => {
    const key = await importE2eKey(bytes(message.key_hex));
    const { content } = message;
    const body = Buffer.from(content.slice(5), 'base64url');
    for (let index = 0; index < body.length; index += 7) {
      const tampered = Buffer.from(body);
      tampered[index] ^= 0x01;
      await expect(openE2e(key, 1, 'text', `e2e1.${tampered.toString('base64url')}`)).resolves.toBeUndefined();
    }
    await expect(openE2e(key, 2, 'text', content)).resolves.toBeUndefined();
    await expect(openE2e(key, 1, 'emoji', content)).resolves.toBeUndefined();
    await expect(openE2e(key, 1, 'text', 'e2e1.not-base64!')).resolves.toBeUndefined();
    await expect(openE2e(key, 1, 'text', 'plain text')).resolves.toBeUndefined();
    const other = await deriveE2eKey('another passphrase', derivation.salt, 1000);
    await expect(openE2e(other.key, 1, 'text', content)).resolves.toBeUndefined();
  });

  it('gives each message a fresh IV', async () => {
    const key = await importE2eKey(bytes(message.key_hex));
    const [a, b] = await Promise.all([sealE2e(key, 1, 'text', 'same'), sealE2e(key, 1, 'text', 'same')]);
    expect(a).not.toBe(b);
  });
});
