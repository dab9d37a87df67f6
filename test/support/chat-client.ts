import { WebSocket } from 'ws';
import { ServerEventMap, ServerEventType, ServerFrame } from '../../src/protocol/events';
import { contractProblems } from './protocol-contract';

const DEFAULT_TIMEOUT_MS = 3000;

interface Waiter {
  match: (frame: ServerFrame) => boolean;
  resolve: (frame: ServerFrame) => void;
}

/**
 * A `ws` client that keeps every frame it receives and lets a test wait for the next of a type.
 * Every frame the server sends, and every frame sent with `send`, is checked against
 * docs/asyncapi.yaml; malformed frames go out with `sendRaw`.
 */
export class ChatClient {
  readonly received: ServerFrame[] = [];
  /** Frames from the server that the documented contract does not allow, with why. */
  readonly contractViolations: string[] = [];
  private readonly unclaimed: ServerFrame[] = [];
  private readonly waiters: Waiter[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.receive(JSON.parse(data.toString()) as ServerFrame));
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
  }

  static async connect(url: string, options?: ConstructorParameters<typeof WebSocket>[2]): Promise<ChatClient> {
    const socket = new WebSocket(url, options);
    const client = new ChatClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    return client;
  }

  /** The HTTP status an upgrade is refused with; fails if the upgrade is accepted. */
  static refusal(url: string, options?: ConstructorParameters<typeof WebSocket>[2]): Promise<number> {
    const socket = new WebSocket(url, options);
    return new Promise((resolve, reject) => {
      socket.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('open', () => {
        socket.terminate();
        reject(new Error(`the upgrade to ${url} was accepted`));
      });
      socket.once('error', () => undefined);
    });
  }

  send(type: string, data: unknown = {}): void {
    const problems = contractProblems('ClientFrame', { type, data });
    if (problems.length > 0) {
      throw new Error(`the test sends a frame docs/asyncapi.yaml does not allow (use sendRaw): ${problems.join('; ')}`);
    }
    this.socket.send(JSON.stringify({ type, data }));
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  /** Resolves with the first not-yet-claimed frame of `type` (matching `where`), waiting if needed. */
  next<K extends ServerEventType>(
    type: K,
    where: (data: ServerEventMap[K]) => boolean = () => true,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<ServerEventMap[K]> {
    if (this.contractViolations.length > 0) {
      return Promise.reject(new Error(`the server broke docs/asyncapi.yaml: ${this.contractViolations.join(' | ')}`));
    }
    const match = (frame: ServerFrame): boolean => frame.type === type && where(frame.data as ServerEventMap[K]);
    const index = this.unclaimed.findIndex(match);
    if (index >= 0) {
      const [frame] = this.unclaimed.splice(index, 1);
      return Promise.resolve(frame.data as ServerEventMap[K]);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame.data as ServerEventMap[K]);
        },
      };
      this.waiters.push(waiter);
      const timer = setTimeout(() => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) {
          this.waiters.splice(at, 1);
          const seen = this.received.map((frame) => frame.type).join(', ');
          reject(new Error(`no "${type}" frame within ${timeoutMs} ms (received: ${seen})`));
        }
      }, timeoutMs);
    });
  }

  /** Frames of `type` received and not yet claimed by `next`. */
  pending(type: ServerEventType): ServerFrame[] {
    return this.unclaimed.filter((frame) => frame.type === type);
  }

  /** A round trip: every frame the server sent before its heartbeat answer has arrived. */
  async sync(): Promise<void> {
    this.send('heartbeat');
    await this.next('heartbeat');
  }

  /** Closes politely; a server that is not reading (a paused flooder) gets a second to answer. */
  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) {
      this.socket.close();
      const timer = setTimeout(() => this.socket.terminate(), 1000);
      await this.closed;
      clearTimeout(timer);
    }
  }

  private receive(frame: ServerFrame): void {
    const problems = contractProblems('ServerFrame', frame);
    if (problems.length > 0) {
      this.contractViolations.push(`${frame.type}: ${problems.join('; ')}`);
    }
    this.received.push(frame);
    const at = this.waiters.findIndex((waiter) => waiter.match(frame));
    if (at >= 0) {
      const [waiter] = this.waiters.splice(at, 1);
      waiter.resolve(frame);
    } else {
      this.unclaimed.push(frame);
    }
  }
}
