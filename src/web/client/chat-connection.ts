import { CLOSE_CODES, ClientFrame, ServerFrame, UserId } from '../../protocol/events';

const HEARTBEAT_MS = 25_000;
const MAX_BACKOFF_MS = 30_000;

/** `failed`: the connection never opened (the server is down, or refused it); `detail` is the retry delay in seconds. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'failed' | 'refused' | 'elsewhere' | 'replaced';

export interface ConnectionEvents {
  frame(frame: ServerFrame): void;
  state(state: ConnectionState, detail?: string): void;
}

/**
 * One WebSocket to the server that comes back by itself, with backoff, after a drop, resuming
 * its own session so a half-dead old connection never locks it out. It stops for good when the
 * chat is open in another window (session_full) or another window took it (session_replaced):
 * coming back by itself would take the chat from that window in turn.
 */
export class ChatConnection {
  private socket?: WebSocket;
  private attempt = 0;
  private heartbeat?: number;
  private retry?: number;
  private stopped = false;
  private sessionId?: string;

  constructor(
    private readonly userId: UserId,
    private readonly token: string,
    private readonly events: ConnectionEvents,
  ) {}

  start(): void {
    this.stopped = false;
    this.open({});
  }

  /** "Use here": take the chat from the other window. */
  takeOver(): void {
    this.stop();
    this.stopped = false;
    this.open({ takeover: '1' });
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

  private open(extra: Record<string, string>): void {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const query = new URLSearchParams(extra);
    if (this.token) {
      query.set('token', this.token);
    }
    const socket = new WebSocket(`${scheme}://${location.host}/ws/${this.userId}?${query.toString()}`);
    this.socket = socket;
    this.events.state(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.attempt = 0;
      this.events.state('open');
      this.heartbeat = window.setInterval(() => this.send({ type: 'heartbeat', data: {} }), HEARTBEAT_MS);
    };
    socket.onmessage = (event: MessageEvent<string>) => {
      const frame = JSON.parse(event.data) as ServerFrame;
      if (frame.type === 'connection_info') {
        this.sessionId = frame.data.session_id;
      }
      this.events.frame(frame);
    };
    socket.onclose = (event) => {
      window.clearInterval(this.heartbeat);
      if (this.stopped || socket !== this.socket) {
        return;
      }
      if (event.code === CLOSE_CODES.sessionFull) {
        this.events.state('elsewhere');
        return;
      }
      if (event.code === CLOSE_CODES.sessionReplaced) {
        this.events.state('replaced');
        return;
      }
      if (event.code === CLOSE_CODES.invalidUser) {
        this.events.state('refused', event.reason);
        return;
      }
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempt) * (0.75 + Math.random() / 2);
      this.attempt++;
      this.events.state(opened ? 'reconnecting' : 'failed', String(Math.round(delay / 1000)));
      this.retry = window.setTimeout(() => this.open(this.sessionId ? { resume: this.sessionId } : {}), delay);
    };
  }
}
