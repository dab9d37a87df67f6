import { CLOSE_CODES, ClientFrame, ServerFrame, UserId } from '../../protocol/events';

const HEARTBEAT_MS = 25_000;
const MAX_BACKOFF_MS = 30_000;
/** Close codes after which reconnecting cannot help. */
/** The server refused this window for good: reconnecting would only be refused again. */
const FINAL_CLOSES = new Set<number>([CLOSE_CODES.sessionFull, CLOSE_CODES.invalidUser]);

export interface ConnectionEvents {
  frame(frame: ServerFrame): void;
  state(state: 'connecting' | 'open' | 'reconnecting' | 'refused', detail?: string): void;
}

/** One WebSocket to the server that comes back by itself, with backoff, after a drop. */
export class ChatConnection {
  private socket?: WebSocket;
  private attempt = 0;
  private heartbeat?: number;
  private retry?: number;
  private stopped = false;

  constructor(
    private readonly userId: UserId,
    private readonly token: string,
    private readonly events: ConnectionEvents,
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retry);
    window.clearInterval(this.heartbeat);
    this.socket?.close(CLOSE_CODES.normal);
  }

  send(frame: ClientFrame): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) {
      return false;
    }
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private open(): void {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const query = this.token ? `?token=${encodeURIComponent(this.token)}` : '';
    const socket = new WebSocket(`${scheme}://${location.host}/ws/${this.userId}${query}`);
    this.socket = socket;
    this.events.state(this.attempt === 0 ? 'connecting' : 'reconnecting');
    socket.onopen = () => {
      this.attempt = 0;
      this.events.state('open');
      this.heartbeat = window.setInterval(() => this.send({ type: 'heartbeat', data: {} }), HEARTBEAT_MS);
    };
    socket.onmessage = (event: MessageEvent<string>) => this.events.frame(JSON.parse(event.data) as ServerFrame);
    let opened = false;
    socket.addEventListener('open', () => (opened = true));
    socket.onclose = (event) => {
      window.clearInterval(this.heartbeat);
      if (this.stopped) {
        return;
      }
      if (FINAL_CLOSES.has(event.code)) {
        this.events.state('refused', event.reason);
        return;
      }
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempt) * (0.75 + Math.random() / 2);
      this.attempt++;
      // A browser hides why an upgrade was refused; a wrong token is the likely reason.
      const why = opened ? '' : 'could not connect (is the token right?); ';
      this.events.state('reconnecting', `${why}retrying in ${Math.round(delay / 1000)} s`);
      this.retry = window.setTimeout(() => this.open(), delay);
    };
  }
}
