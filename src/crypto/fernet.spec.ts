import * as npmFernet from 'fernet';
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import generateVectors from '../../test/fixtures/fernet-spec/generate.json';
import invalidVectors from '../../test/fixtures/fernet-spec/invalid.json';
import verifyVectors from '../../test/fixtures/fernet-spec/verify.json';
import pythonFixtures from '../../test/fixtures/python-fernet.json';
import {
  decryptBytes,
  encryptToBytes,
  generateFernetKey,
  InvalidFernetToken,
  parseFernetKey,
  tokenFromText,
  tokenToText,
} from './fernet';

const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

describe('Fernet', () => {
  describe('spec vectors', () => {
    it.each(generateVectors)('generates the spec token for "$src"', (vector) => {
      const token = encryptToBytes(parseFernetKey(vector.secret), Buffer.from(vector.src), {
        timestamp: seconds(vector.now),
        iv: Buffer.from(vector.iv),
      });
      expect(tokenToText(token)).toBe(vector.token);
    });

    it.each(verifyVectors)('verifies the spec token for "$src"', (vector) => {
      const plaintext = decryptBytes(parseFernetKey(vector.secret), tokenFromText(vector.token), {
        ttlSeconds: vector.ttl_sec,
        now: seconds(vector.now),
      });
      expect(plaintext.toString()).toBe(vector.src);
    });

    it.each(invalidVectors)('refuses the invalid token: $desc', (vector) => {
      const open = (): Buffer =>
        decryptBytes(parseFernetKey(vector.secret), tokenFromText(vector.token), {
          ttlSeconds: vector.ttl_sec,
          now: seconds(vector.now),
        });
      expect(open).toThrow(InvalidFernetToken);
    });
  });

  describe('interoperability', () => {
    const keyText = generateFernetKey();
    const key = parseFernetKey(keyText);
    const texts = ['Hej', 'Hallå! 👋', 'x'.repeat(10_000)];

    it.each(texts)('our token for %# opens with the npm fernet package', (text) => {
      const token = tokenToText(encryptToBytes(key, Buffer.from(text)));
      const theirs = new npmFernet.Token({ secret: new npmFernet.Secret(keyText), token, ttl: 0 });
      expect(theirs.decode()).toBe(text);
    });

    it.each(texts)('a npm fernet token for %# opens with ours', (text) => {
      const token = new npmFernet.Token({ secret: new npmFernet.Secret(keyText), ttl: 0 }).encode(text);
      expect(decryptBytes(key, tokenFromText(token)).toString()).toBe(text);
    });

    it.each(pythonFixtures.tokens.map((fixture, index) => ({ ...fixture, index })))(
      "a token from Python's cryptography (fixture $index) opens with ours",
      ({ token, plaintext }) => {
        const opened = decryptBytes(parseFernetKey(pythonFixtures.key), tokenFromText(token));
        expect(opened.toString('utf8')).toBe(plaintext);
      },
    );
  });

  describe('refusals', () => {
    const key = parseFernetKey(generateFernetKey());
    const token = encryptToBytes(key, Buffer.from('secret'));

    it('refuses a token made with another key', () => {
      const otherKey = parseFernetKey(generateFernetKey());
      expect(() => decryptBytes(otherKey, token)).toThrow(InvalidFernetToken);
    });

    it.each([0, 1, 9, 30, token.length - 1])('refuses a token with byte %i flipped', (index) => {
      const tampered = Buffer.from(token);
      tampered[index] ^= 0x01;
      expect(() => decryptBytes(key, tampered)).toThrow(InvalidFernetToken);
    });

    it('refuses a truncated token and an empty one', () => {
      expect(() => decryptBytes(key, token.subarray(0, token.length - 16))).toThrow(InvalidFernetToken);
      expect(() => decryptBytes(key, Buffer.alloc(0))).toThrow(InvalidFernetToken);
    });

    it('refuses text that is not url-safe base64', () => {
      expect(() => tokenFromText('gAAAA+/==')).toThrow(InvalidFernetToken);
    });

    it('refuses keys that are not 32 bytes of url-safe base64', () => {
      expect(() => parseFernetKey('too-short')).toThrow('32 bytes');
      for (const length of [31, 33, 48]) {
        expect(() => parseFernetKey(Buffer.alloc(length, 7).toString('base64url'))).toThrow('32 bytes');
      }
      expect(parseFernetKey(Buffer.alloc(32, 7).toString('base64url')).signingKey).toHaveLength(16);
      expect(() => parseFernetKey(Buffer.alloc(32).toString('base64').replace(/A/, '+'))).toThrow();
    });

    it('never accepts an expired token when a TTL is asked for', () => {
      const old = encryptToBytes(key, Buffer.from('x'), { timestamp: 1000 });
      expect(() => decryptBytes(key, old, { ttlSeconds: 60, now: 1061 })).toThrow(InvalidFernetToken);
      expect(decryptBytes(key, old, { ttlSeconds: 60, now: 1060 }).toString()).toBe('x');
    });
  });

  describe('one cipher context kept from token to token', () => {
    const BLOCK = 16;
    const ZERO_KEY = Buffer.alloc(BLOCK);
    /** What a fresh AES-CBC context with the token's own IV makes of the plaintext. */
    const freshCiphertext = (encryptionKey: Buffer, iv: Buffer, plaintext: Buffer): Buffer => {
      const cipher = createCipheriv('aes-128-cbc', encryptionKey, iv);
      return Buffer.concat([cipher.update(plaintext), cipher.final()]);
    };

    it('makes, token after token, exactly what a fresh context makes for each', () => {
      const keys = [parseFernetKey(generateFernetKey()), parseFernetKey(generateFernetKey())];
      for (let length = 0; length <= 100; length++) {
        const key = keys[length % 2]; // two keys in turn: each context continues its own chain
        const plaintext = randomBytes(length);
        const token = encryptToBytes(key, plaintext);
        const iv = token.subarray(9, 25);
        expect(token.subarray(25, token.length - 32)).toEqual(freshCiphertext(key.encryptionKey, iv, plaintext));
        expect(decryptBytes(key, token)).toEqual(plaintext);
      }
    });

    type Update = (data: Buffer) => Buffer;
    it.each<[string, (update: Update, data: Buffer) => Buffer]>([
      [
        'throws after taking the data in',
        (update, data) => {
          update(data);
          throw new Error('cipher failure');
        },
      ],
      ['gives back less than it took in', (update, data) => update(data).subarray(BLOCK)],
    ])('starts again after the context %s: that token fails, the next is right', (_what, failure) => {
      const key = parseFernetKey(generateFernetKey());
      encryptToBytes(key, 'before'); // the context is mid-chain
      const cipherPrototype = Object.getPrototypeOf(createCipheriv('aes-128-cbc', ZERO_KEY, ZERO_KEY)) as {
        update: Update;
      };
      const realUpdate = cipherPrototype.update;
      const update = jest.spyOn(cipherPrototype, 'update').mockImplementationOnce(function (
        this: unknown,
        data: Buffer,
      ) {
        return failure((bytes) => realUpdate.call(this, bytes), data);
      });
      expect(() => encryptToBytes(key, 'lost in the failure')).toThrow();
      update.mockRestore();
      const plaintext = Buffer.from('after the failure');
      const token = encryptToBytes(key, plaintext);
      expect(token.subarray(25, token.length - 32)).toEqual(
        freshCiphertext(key.encryptionKey, token.subarray(9, 25), plaintext),
      );
    });

    it('writes text as UTF-8, lone surrogates as U+FFFD like Buffer.from', () => {
      const key = parseFernetKey(generateFernetKey());
      for (const text of ['Hallå! 👋', 'x'.repeat(1000), 'broken \ud800 pair', '']) {
        expect(decryptBytes(key, encryptToBytes(key, text))).toEqual(Buffer.from(text, 'utf8'));
      }
    });
  });

  describe('initialisation vectors', () => {
    it('never hands out the same IV twice, across many refills of the pool', () => {
      const key = parseFernetKey(generateFernetKey());
      const ivs = Array.from({ length: 2000 }, () =>
        encryptToBytes(key, Buffer.from('x')).subarray(9, 25).toString('hex'),
      );
      expect(new Set(ivs).size).toBe(ivs.length);
    });
  });

  describe('tokens signed with the right key but malformed inside', () => {
    const key = parseFernetKey(generateFernetKey());
    /** A token body with a valid HMAC, so only the structural checks can refuse it. */
    const signed = (body: Buffer): Buffer =>
      Buffer.concat([body, createHmac('sha256', key.signingKey).update(body).digest()]);
    const header = (version: number): Buffer => {
      const bytes = Buffer.alloc(25);
      bytes[0] = version;
      return bytes;
    };

    it('refuses another version byte', () => {
      const good = encryptToBytes(key, Buffer.from('x'));
      const body = Buffer.from(good.subarray(0, good.length - 32));
      body[0] = 0x81;
      expect(() => decryptBytes(key, signed(body))).toThrow(InvalidFernetToken);
    });

    it('refuses no ciphertext and ciphertext that is not whole blocks', () => {
      expect(() => decryptBytes(key, signed(header(0x80)))).toThrow(InvalidFernetToken);
      expect(() => decryptBytes(key, signed(Buffer.concat([header(0x80), Buffer.alloc(17)])))).toThrow(
        InvalidFernetToken,
      );
    });

    it('accepts a token from up to 60 seconds in the future, and no further', () => {
      const soon = encryptToBytes(key, Buffer.from('x'), { timestamp: 1060 });
      expect(decryptBytes(key, soon, { ttlSeconds: 10, now: 1000 }).toString()).toBe('x');
      const later = encryptToBytes(key, Buffer.from('x'), { timestamp: 1061 });
      expect(() => decryptBytes(key, later, { ttlSeconds: 10, now: 1000 })).toThrow(InvalidFernetToken);
    });

    it.each([
      ['a last byte of 0', [0]],
      ['a last byte over 16, even with that many bytes of it', Array<number>(17).fill(17)],
      ['padding bytes that disagree', [2, 3, 3]],
    ])('refuses a padding with %s', (_what, tail) => {
      const iv = Buffer.alloc(16, 1);
      const block = Buffer.alloc(32, 0x61);
      Buffer.from(tail).copy(block, 32 - tail.length);
      const cipher = createCipheriv('aes-128-cbc', key.encryptionKey, iv).setAutoPadding(false);
      const body = Buffer.concat([header(0x80), cipher.update(block), cipher.final()]);
      iv.copy(body, 9);
      expect(() => decryptBytes(key, signed(body))).toThrow(InvalidFernetToken);
    });

    it('refuses url-safe base64 of an impossible length', () => {
      expect(() => tokenFromText('AAAAA')).toThrow(InvalidFernetToken);
      expect(() => tokenFromText('AAAAA=')).toThrow(InvalidFernetToken);
      expect(tokenFromText('AAAAAA==')).toHaveLength(4);
    });
  });
});
