import { createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { ChainedCbc } from './chained-cbc';
import { HMAC_SHA256_BYTES, HmacSha256 } from './hmac-sha256';

/**
 * Fernet (https://github.com/fernet/spec) on node:crypto:
 * token = 0x80 | timestamp (u64 BE seconds) | IV (16) | AES-128-CBC ciphertext | HMAC-SHA256 (32).
 * The text form is that byte string in url-safe base64.
 */
const VERSION = 0x80;
const HEADER_BYTES = 1 + 8 + 16;
const BLOCK_BYTES = 16;
const MAX_CLOCK_SKEW_SECONDS = 60;
const URL_SAFE_BASE64 = /^[A-Za-z0-9_-]*={0,2}$/;

export class InvalidFernetToken extends Error {
  constructor() {
    // One message for every failure, so a caller learns nothing about which check failed.
    super('Invalid Fernet token');
  }
}

export interface FernetKey {
  signingKey: Buffer;
  encryptionKey: Buffer;
}

export function parseFernetKey(key: string): FernetKey {
  const bytes = decodeUrlSafeBase64(key);
  if (bytes === undefined || bytes.length !== 32) {
    throw new Error('A Fernet key must be 32 bytes in url-safe base64');
  }
  return { signingKey: bytes.subarray(0, 16), encryptionKey: bytes.subarray(16) };
}

export function generateFernetKey(): string {
  return tokenToText(randomBytes(32));
}

export interface EncryptOptions {
  /** Seconds since the epoch to stamp the token with; defaults to now. */
  timestamp?: number;
  /** Fixed IV, for the spec's test vectors only. */
  iv?: Buffer;
}

/**
 * IVs come from a pool refilled 4 KiB at a time: one call into the CSPRNG per 256 messages
 * instead of one per message. Each IV is still 16 fresh random bytes, used once.
 */
const IV_POOL_BYTES = 4096;
let ivPool = Buffer.alloc(0);
let ivOffset = IV_POOL_BYTES;

function nextIv(): Buffer {
  if (ivOffset >= ivPool.length) {
    ivPool = randomBytes(IV_POOL_BYTES);
    ivOffset = 0;
  }
  ivOffset += 16;
  return ivPool.subarray(ivOffset - 16, ivOffset);
}

/** A key's AES context and HMAC pads, made on its first use and kept. */
interface KeyContexts {
  cbc: ChainedCbc;
  hmac: HmacSha256;
}

const contexts = new WeakMap<FernetKey, KeyContexts>();

function contextsFor(key: FernetKey): KeyContexts {
  let made = contexts.get(key);
  if (made === undefined) {
    made = { cbc: new ChainedCbc(key.encryptionKey), hmac: new HmacSha256(key.signingKey) };
    contexts.set(key, made);
  }
  return made;
}

/**
 * A token for the plaintext (text is taken as UTF-8, written straight into the token). The token
 * may share Node's pool slab: a caller that keeps it copies it out (a kept slab view pins 8 KiB).
 */
export function encryptToBytes(key: FernetKey, plaintext: string | Buffer, options: EncryptOptions = {}): Buffer {
  const iv = options.iv ?? nextIv();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const plaintextBytes = typeof plaintext === 'string' ? Buffer.byteLength(plaintext, 'utf8') : plaintext.length;
  const ciphertextBytes = (Math.floor(plaintextBytes / BLOCK_BYTES) + 1) * BLOCK_BYTES;
  const signedBytes = HEADER_BYTES + ciphertextBytes;
  // Every byte of it is written below, after room for the HMAC to hash it where it lies.
  const room = Buffer.allocUnsafe(HmacSha256.ROOM_BYTES + signedBytes + HMAC_SHA256_BYTES);
  const token = room.subarray(HmacSha256.ROOM_BYTES);
  token[0] = VERSION;
  token.writeUInt32BE(Math.floor(timestamp / 2 ** 32), 1); // as a u64, without a BigInt per token
  token.writeUInt32BE(timestamp >>> 0, 5);
  iv.copy(token, 9);
  const body = token.subarray(HEADER_BYTES, signedBytes);
  if (typeof plaintext === 'string') {
    body.write(plaintext, 'utf8');
  } else {
    plaintext.copy(body);
  }
  body.fill(ciphertextBytes - plaintextBytes, plaintextBytes); // PKCS#7: n bytes of value n
  const { cbc, hmac } = contextsFor(key);
  cbc.encryptInPlace(body, iv);
  token.write(hmac.macInPlace(room.subarray(0, HmacSha256.ROOM_BYTES + signedBytes)), signedBytes, 'latin1');
  return token;
}

export interface DecryptOptions {
  /** Reject tokens older than this many seconds (and from too far in the future). */
  ttlSeconds?: number;
  /** Seconds since the epoch to check the TTL against; defaults to now. */
  now?: number;
}

export function decryptBytes(key: FernetKey, token: Buffer, options: DecryptOptions = {}): Buffer {
  const ciphertextBytes = token.length - HEADER_BYTES - HMAC_SHA256_BYTES;
  if (token[0] !== VERSION || ciphertextBytes < BLOCK_BYTES || ciphertextBytes % BLOCK_BYTES !== 0) {
    throw new InvalidFernetToken();
  }
  const signed = token.subarray(0, token.length - HMAC_SHA256_BYTES);
  const expected = contextsFor(key).hmac.mac(signed);
  if (!timingSafeEqual(expected, token.subarray(token.length - HMAC_SHA256_BYTES))) {
    throw new InvalidFernetToken();
  }
  if (options.ttlSeconds !== undefined) {
    checkTimestamp(token.readBigUInt64BE(1), options.ttlSeconds, options.now);
  }
  // Padding is removed by hand: with it on, the last block comes from final() and the two parts
  // must be concatenated, a copy of the whole plaintext.
  const decipher = createDecipheriv('aes-128-cbc', key.encryptionKey, token.subarray(9, HEADER_BYTES)).setAutoPadding(
    false,
  );
  const padded = decipher.update(token.subarray(HEADER_BYTES, signed.length));
  decipher.final();
  return padded.subarray(0, padded.length - validPadding(padded));
}

/** PKCS#7: the last byte says how many bytes of padding there are, each of that value. */
function validPadding(padded: Buffer): number {
  const count = padded[padded.length - 1];
  if (count < 1 || count > BLOCK_BYTES) {
    throw new InvalidFernetToken();
  }
  for (let i = padded.length - count; i < padded.length; i++) {
    if (padded[i] !== count) {
      throw new InvalidFernetToken();
    }
  }
  return count;
}

/** The text form of a token: padded url-safe base64, as Python's `cryptography` writes it. */
export function tokenToText(token: Buffer): string {
  const text = token.toString('base64url');
  return text + '='.repeat((4 - (text.length % 4)) % 4);
}

export function tokenFromText(text: string): Buffer {
  const bytes = decodeUrlSafeBase64(text);
  if (bytes === undefined) {
    throw new InvalidFernetToken();
  }
  return bytes;
}

function checkTimestamp(stamped: bigint, ttlSeconds: number, now = Math.floor(Date.now() / 1000)): void {
  const issuedAt = Number(stamped);
  if (issuedAt + ttlSeconds < now || issuedAt > now + MAX_CLOCK_SKEW_SECONDS) {
    throw new InvalidFernetToken();
  }
}

/** Url-safe base64 with the padding other implementations emit; undefined if not valid. */
function decodeUrlSafeBase64(text: string): Buffer | undefined {
  if (!URL_SAFE_BASE64.test(text) || text.replace(/=+$/, '').length % 4 === 1) {
    return undefined;
  }
  return Buffer.from(text, 'base64url');
}
