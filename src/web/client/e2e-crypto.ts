/**
 * End-to-end encryption as docs/protocol.md specifies it, on WebCrypto (browsers, and Node 20
 * for the tests): a passphrase and the deployment's salt give an AES-256-GCM key and a safety
 * code; each message is sealed with a fresh IV and its sender and type as associated data.
 */
import { E2E_IV_BYTES, E2E_PREFIX, E2E_TAG_BYTES } from '../../protocol/e2e';
import { MessageType, UserId } from '../../protocol/events';

export const E2E_ITERATIONS = 600_000;
const KEY_BYTES = 32;
const SAFETY_BYTES = 16;
const SAFETY_GROUPS = 4;

export interface E2eKey {
  key: CryptoKey;
  /** Four groups of four digits; equal on both sides exactly when the passphrases match. */
  safetyCode: string;
}

/** Bytes backed by a plain ArrayBuffer, as WebCrypto takes them. */
type Bytes = Uint8Array<ArrayBuffer>;

const encoder = new TextEncoder();

/** PBKDF2-HMAC-SHA256(NFKC passphrase, salt, 600,000) to 48 bytes: the key, then the safety code's. */
export async function deriveKeyMaterial(passphrase: string, salt: string, iterations = E2E_ITERATIONS): Promise<Bytes> {
  const password = await crypto.subtle.importKey('raw', encoder.encode(passphrase.normalize('NFKC')), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64Url(salt), iterations },
    password,
    (KEY_BYTES + SAFETY_BYTES) * 8,
  );
  return new Uint8Array(bits);
}

/** The message key (non-extractable: it can be stored in IndexedDB but never read back) and safety code. */
export async function deriveE2eKey(passphrase: string, salt: string, iterations = E2E_ITERATIONS): Promise<E2eKey> {
  const material = await deriveKeyMaterial(passphrase, salt, iterations);
  return { key: await importE2eKey(material.subarray(0, KEY_BYTES)), safetyCode: safetyCodeOf(material) };
}

export function importE2eKey(keyBytes: Bytes): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', keyBytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export function safetyCodeOf(material: Bytes): string {
  const bytes = material.subarray(KEY_BYTES);
  return Array.from({ length: SAFETY_GROUPS }, (_, i) =>
    String(((bytes[2 * i] << 8) | bytes[2 * i + 1]) % 10_000).padStart(4, '0'),
  ).join(' ');
}

/** The associated data: who sent it and as what, so a message cannot be replayed as another. */
function aad(senderId: UserId, messageType: MessageType): Bytes {
  return encoder.encode(`e2e1:${senderId}:${messageType}`);
}

/** `e2e1.` + base64url(IV, ciphertext, tag) of the UTF-8 plaintext. */
export async function sealE2e(
  key: CryptoKey,
  senderId: UserId,
  messageType: MessageType,
  plaintext: string,
  iv: Bytes = crypto.getRandomValues(new Uint8Array(E2E_IV_BYTES)),
): Promise<string> {
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: aad(senderId, messageType), tagLength: E2E_TAG_BYTES * 8 },
    key,
    encoder.encode(plaintext),
  );
  const bytes = new Uint8Array(iv.length + sealed.byteLength);
  bytes.set(iv);
  bytes.set(new Uint8Array(sealed), iv.length);
  return E2E_PREFIX + toBase64Url(bytes);
}

/** The plaintext of `content`, or undefined if it does not open with this key, sender and type. */
export async function openE2e(
  key: CryptoKey,
  senderId: UserId,
  messageType: MessageType,
  content: string,
): Promise<string | undefined> {
  if (!content.startsWith(E2E_PREFIX)) {
    return undefined;
  }
  try {
    const bytes = fromBase64Url(content.slice(E2E_PREFIX.length));
    const opened = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: bytes.subarray(0, E2E_IV_BYTES),
        additionalData: aad(senderId, messageType),
        tagLength: E2E_TAG_BYTES * 8,
      },
      key,
      bytes.subarray(E2E_IV_BYTES),
    );
    return new TextDecoder('utf-8', { fatal: true }).decode(opened);
  } catch {
    return undefined;
  }
}

export function toBase64Url(bytes: Bytes): string {
  let binary = '';
  bytes.forEach((byte) => (binary += String.fromCharCode(byte)));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Bytes {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
