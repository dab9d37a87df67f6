import * as npmFernet from 'fernet';
import { CryptoService } from '../../src/crypto/crypto.service';
import { generateFernetKey } from '../../src/crypto/fernet';

export interface CryptoCase {
  bytes: number;
  ours: { encryptMBps: number; decryptMBps: number };
  fernet: { encryptMBps: number; decryptMBps: number };
}

const SIZES = [100, 100 * 1024, 1024 * 1024];

/** MB/s of our CryptoService and of the npm `fernet` package, same key and text. */
export function cryptoBench(): CryptoCase[] {
  const key = generateFernetKey();
  const ours = new CryptoService({ encryptionKey: key });
  const secret = new npmFernet.Secret(key);
  return SIZES.map((bytes) => {
    const text = 'x'.repeat(bytes);
    const ourToken = ours.encrypt(text);
    const theirToken = new npmFernet.Token({ secret, ttl: 0 }).encode(text);
    return {
      bytes,
      ours: {
        encryptMBps: throughput(bytes, () => ours.encrypt(text)),
        // The server keeps tokens as bytes, so this is what it pays; the npm package takes text only.
        decryptMBps: throughput(bytes, () => ours.decrypt(ourToken)),
      },
      fernet: {
        encryptMBps: throughput(bytes, () => new npmFernet.Token({ secret, ttl: 0 }).encode(text)),
        decryptMBps: throughput(bytes, () => new npmFernet.Token({ secret, token: theirToken, ttl: 0 }).decode()),
      },
    };
  });
}

/** Runs `work` for at least 300 ms and 3 rounds; MB of plaintext per second. */
function throughput(bytes: number, work: () => unknown): number {
  work();
  let rounds = 0;
  const started = performance.now();
  while (rounds < 3 || performance.now() - started < 300) {
    work();
    rounds++;
  }
  const seconds = (performance.now() - started) / 1000;
  return (bytes * rounds) / seconds / (1024 * 1024);
}
