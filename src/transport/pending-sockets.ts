import * as http from 'node:http';
import { Socket } from 'node:net';
import { networkKey } from '../security/client-address';

export interface PendingSocketLimits {
  /** Sockets one address may hold open that have not become WebSockets. */
  maxPerAddress: number;
  /** How long a new socket may take to send its first request or upgrade. */
  firstRequestTimeoutMs: number;
}

/**
 * Bounds the TCP sockets a stranger can hold: per address, the sockets not (yet) upgraded to a
 * WebSocket are counted until they close, and one that sends no complete request in time is
 * destroyed. Node's own HTTP timeouts start only once a request begins, so an idle socket, or a
 * slow upgrade, would otherwise hold a file descriptor for as long as the client likes.
 */
export class PendingSockets {
  private readonly perAddress = new Map<string, number>();
  /** Counted sockets and the address they were counted under (gone from the socket once closed). */
  private readonly counted = new WeakMap<Socket, string>();
  private readonly deadlines = new WeakMap<Socket, NodeJS.Timeout>();

  constructor(private readonly limits: PendingSocketLimits) {}

  watch(server: http.Server): void {
    server.on('connection', (socket: Socket) => this.admit(socket));
    server.on('request', (request: http.IncomingMessage) => this.clearDeadline(request.socket));
  }

  /** The socket became a WebSocket: it is the session's now, bounded by the session rules. */
  upgraded(socket: Socket): void {
    this.clearDeadline(socket);
    this.uncount(socket);
  }

  /** The socket's upgrade request arrived: its fate is decided at once, so no deadline is due. */
  requested(socket: Socket): void {
    this.clearDeadline(socket);
  }

  private admit(socket: Socket): void {
    const address = networkKey(socket.remoteAddress ?? 'unknown');
    const open = this.perAddress.get(address) ?? 0;
    if (open >= this.limits.maxPerAddress) {
      socket.destroy();
      return;
    }
    this.perAddress.set(address, open + 1);
    this.counted.set(socket, address);
    socket.once('close', () => {
      this.clearDeadline(socket);
      this.uncount(socket);
    });
    const deadline = setTimeout(() => socket.destroy(), this.limits.firstRequestTimeoutMs);
    deadline.unref();
    this.deadlines.set(socket, deadline);
  }

  private clearDeadline(socket: Socket): void {
    clearTimeout(this.deadlines.get(socket));
    this.deadlines.delete(socket);
  }

  private uncount(socket: Socket): void {
    const address = this.counted.get(socket);
    if (address === undefined) {
      return;
    }
    this.counted.delete(socket);
    const open = (this.perAddress.get(address) ?? 1) - 1;
    if (open > 0) {
      this.perAddress.set(address, open);
    } else {
      this.perAddress.delete(address);
    }
  }
}
