/**
 * The end-to-end message format (docs/protocol.md, "End-to-end encryption"): what the server can
 * check of content it cannot read, shared with the web client.
 */
export const E2E_PREFIX = 'e2e1.';
export const E2E_IV_BYTES = 12;
export const E2E_TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Bytes of plaintext inside an `e2e1.` content string, or undefined if it is not of that form. */
export function e2ePlaintextBytes(content: string): number | undefined {
  const body = content.startsWith(E2E_PREFIX) ? content.slice(E2E_PREFIX.length) : '';
  if (!BASE64URL.test(body) || body.length % 4 === 1) {
    return undefined;
  }
  const bytes = Math.floor((body.length * 3) / 4) - E2E_IV_BYTES - E2E_TAG_BYTES;
  return bytes >= 1 ? bytes : undefined;
}

/** Why end-to-end content and its declared `char_count` cannot be accepted; undefined if they can. */
export function e2eContentProblem(content: string, charCount: unknown): string | undefined {
  const plaintextBytes = e2ePlaintextBytes(content);
  if (plaintextBytes === undefined) {
    return 'encrypted content must be "e2e1." and the base64url of IV, ciphertext and tag';
  }
  if (typeof charCount !== 'number' || !Number.isInteger(charCount) || charCount < 1 || charCount > plaintextBytes) {
    return `char_count must be a whole number from 1 to ${plaintextBytes} for this ciphertext`;
  }
  return undefined;
}
