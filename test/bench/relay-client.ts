import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { deriveE2eKey, sealE2e } from '../../src/web/client/e2e-crypto';

/** A sequence tag made only of base64 letters and digits, so it can ride inside image data. */
const TAG = /Zz(\d{6})zZ/;

/**
 * Two sockets, one per user, and a way to time a frame from user 1 to user 2. Works against the
 * chat server (which wraps and echoes) and the bare relay (which forwards verbatim): a frame is
 * recognised on arrival by the sequence tag it carries.
 */
export class RelayPair {
  private readonly pending = new Map<string, (receivedAt: number) => void>();

  private constructor(
    readonly sender: WebSocket,
    readonly receiver: WebSocket,
  ) {
    receiver.on('message', (data) => {
      const at = performance.now();
      const text = (data as Buffer).toString();
      const match = TAG.exec(text.length > 8192 ? text.slice(0, 4096) + text.slice(-4096) : text);
      const resolve = match ? this.pending.get(match[1]) : undefined;
      if (match && resolve) {
        this.pending.delete(match[1]);
        resolve(at);
      }
    });
  }

  static async open(baseUrl: string, query = ''): Promise<RelayPair> {
    const [sender, receiver] = await Promise.all([
      openSocket(`${baseUrl}/ws/1${query}`),
      openSocket(`${baseUrl}/ws/2${query}`),
    ]);
    // Let the welcome frames (connection_info, presence) pass before timing anything.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return new RelayPair(sender, receiver);
  }

  /** Sends `frame(tag)` and resolves with the milliseconds until user 2 has it. */
  time(seq: number, frame: (tag: string) => string): Promise<number> {
    const tag = `Zz${String(seq).padStart(6, '0')}zZ`;
    return new Promise((resolve) => {
      const sentAt = performance.now();
      this.pending.set(String(seq).padStart(6, '0'), (receivedAt) => resolve(receivedAt - sentAt));
      this.sender.send(frame(tag));
    });
  }

  close(): void {
    this.sender.terminate();
    this.receiver.terminate();
  }
}

/** A client socket to `url`, open, accepting frames as large as the server may send. */
export function openSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The chat protocol's frame for a message of `bytes` characters carrying `tag`. */
export function textFrame(bytes: number): (tag: string) => string {
  return (tag) =>
    JSON.stringify({ type: 'chat_message', data: { content: tag + 'x'.repeat(Math.max(0, bytes - tag.length)) } });
}

/**
 * An end-to-end encrypted message of `bytes` characters, sealed once as the web client does; the
 * tag rides in `client_id`, which the server echoes (and the bare relay forwards verbatim).
 */
export async function encryptedFrame(bytes: number): Promise<(tag: string) => string> {
  const { key } = await deriveE2eKey('bench passphrase', 'AAECAwQFBgcICQoLDA0ODw', 1000);
  const content = await sealE2e(key, 1, 'text', 'x'.repeat(bytes));
  return (tag) =>
    JSON.stringify({ type: 'chat_message', data: { content, encrypted: true, char_count: bytes, client_id: tag } });
}

/**
 * A PNG data URL of about `bytes` bytes of base64, tagged near its end. Its bytes after the
 * signature are random, as a real image's compressed data looks: the server's checks must be as
 * fast over them as over zeros (a pattern once took twelve times as long).
 */
export function imageFrame(bytes: number): (tag: string) => string {
  const png = randomBytes(Math.floor(bytes / 4) * 3);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
  const base64 = png.toString('base64');
  return (tag) => {
    const tagged = `${base64.slice(0, base64.length - 12)}${tag}AA`;
    return JSON.stringify({
      type: 'chat_message',
      data: { content: `data:image/png;base64,${tagged}`, message_type: 'image' },
    });
  };
}
