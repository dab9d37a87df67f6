import { Logger } from '@nestjs/common';
import { CryptoService } from './crypto.service';
import { generateFernetKey, InvalidFernetToken, parseFernetKey, decryptBytes } from './fernet';

describe('CryptoService', () => {
  it('round-trips any UTF-8 text through a token made with the configured key', () => {
    const key = generateFernetKey();
    const crypto = new CryptoService({ encryptionKey: key });
    const text = 'Hallå! 👋 ' + 'x'.repeat(100_000);
    const token = crypto.encrypt(text);
    expect(token.charCodeAt(0)).toBe(0x80);
    expect(crypto.decrypt(token)).toBe(text);
    expect(decryptBytes(parseFernetKey(key), Buffer.from(token, 'latin1')).toString('utf8')).toBe(text);
  });

  it('keeps a token as its raw bytes, one character each, not as base64 text', () => {
    const crypto = new CryptoService({ encryptionKey: generateFernetKey() });
    // version + timestamp + IV, 100 bytes padded to 112, HMAC
    expect(crypto.encrypt('x'.repeat(100))).toHaveLength(1 + 8 + 16 + 112 + 32);
  });

  it('makes a different token each time for the same text', () => {
    const crypto = new CryptoService({ encryptionKey: generateFernetKey() });
    expect(crypto.encrypt('same')).not.toBe(crypto.encrypt('same'));
  });

  it('cannot open a token made with another key', () => {
    const ours = new CryptoService({ encryptionKey: generateFernetKey() });
    const theirs = new CryptoService({ encryptionKey: generateFernetKey() });
    expect(() => ours.decrypt(theirs.encrypt('hello'))).toThrow(InvalidFernetToken);
  });

  it('makes a process-only key when none is configured, and says so without printing it', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const crypto = new CryptoService({ encryptionKey: undefined });
    expect(crypto.decrypt(crypto.encrypt('works'))).toBe('works');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ENCRYPTION_KEY is not set'));
    warn.mockClear();
    new CryptoService({ encryptionKey: generateFernetKey() });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});
