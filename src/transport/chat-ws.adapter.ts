import { INestApplicationContext, Logger } from '@nestjs/common';
import { isNil } from '@nestjs/common/utils/shared.utils';
import { WsAdapter } from '@nestjs/platform-ws';
import { MessageMappingProperties } from '@nestjs/websockets/gateway-metadata-explorer';
import * as http from 'node:http';
import { Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isObservable, lastValueFrom, Observable } from 'rxjs';
import { RawData, WebSocket, WebSocketServer } from 'ws';
import { ChatError } from '../common/chat.error';
import { CLOSE_CODES, ServerFrame } from '../protocol/events';
import { FrameVerdict } from '../security/frame-rate.limiter';
import { UpgradeVerdict } from '../security/access.service';
import { parseClientFrame } from './client-frame.parser';
import { keepAlive } from './keep-alive';
import { PendingSocketLimits, PendingSockets } from './pending-sockets';
import {
  boundOutgoing,
  drained,
  dropIfOverwhelmed,
  frameArrived,
  frameHandled,
  isBacklogged,
  OutgoingLimits,
  registerTransport,
  sendError,
  sendFrame,
} from './ws-frames';

export interface ChatWsAdapterOptions {
  /** Largest frame `ws` will buffer; a bigger one closes the socket with 1009. */
  maxPayloadBytes: number;
  /** What the server holds unsent for a client before it reads no more of it, and drops it. */
  outgoing: OutgoingLimits;
  pingIntervalMs: number;
  /** Bounds on TCP sockets that have not become WebSockets. */
  pendingSockets: PendingSocketLimits;
  /** Decides an upgrade before any frame is exchanged. */
  checkUpgrade(request: http.IncomingMessage): Promise<UpgradeVerdict>;
  /** Decides whether a frame on this socket is within its rate. */
  admitFrame(socket: WebSocket): FrameVerdict;
  /** How long a socket over its rate must wait for its next window. */
  msUntilNextWindow(socket: WebSocket): number;
  /** Runs a task after a delay on the rules' clock (a socket paused for its rate resumes by it). */
  schedule(task: () => void, ms: number): void;
  /** Told of the upgrade request of a connection closed for flooding. */
  onFlood(request: http.IncomingMessage): void;
}

type Transform = (data: unknown) => Observable<unknown>;
type RoutedServer = WebSocketServer & { path: string };

const SHUTDOWN_GRACE_MS = 2000;
/** How long a refused upgrade may take to flush its HTTP answer before its socket is destroyed. */
const REFUSAL_FLUSH_MS = 1000;
/** How long a closing socket waits for the client's closing frame (ws's default is 30 s). */
const CLOSE_TIMEOUT_MS = 5000;
/**
 * A socket's frames run back to back (so replies leave in one write) up to this many, then yield
 * a turn of the event loop, so a burst on one connection cannot hold up the other for long.
 */
const FRAMES_PER_TURN = 16;

/**
 * Nest's WsAdapter, fitted to this protocol: frames route by `type` (not `event`), a gateway at
 * `/ws` also takes `/ws/{user_id}`, upgrades pass the access check first, and bad JSON, unknown
 * types and floods are answered with an `error` frame instead of being dropped in silence.
 */
export class ChatWsAdapter extends WsAdapter {
  private readonly adapterLogger = new Logger(ChatWsAdapter.name);
  private readonly framesThisTurn = new WeakMap<WebSocket, number>();
  private readonly upgradeRequests = new WeakMap<WebSocket, http.IncomingMessage>();
  private readonly pendingSockets: PendingSockets;

  constructor(
    app: INestApplicationContext,
    private readonly options: ChatWsAdapterOptions,
  ) {
    super(app);
    this.pendingSockets = new PendingSockets(options.pendingSockets);
  }

  create(port: number, options: Record<string, unknown> & { path?: string } = {}): WebSocketServer {
    const server = <WebSocketServer>super.create(port, {
      ...options,
      maxPayload: this.options.maxPayloadBytes,
      // Pings are answered below, within the connection's frame rate, not by ws unconditionally.
      autoPong: false,
      closeTimeout: CLOSE_TIMEOUT_MS,
    });
    keepAlive(server, this.options.pingIntervalMs);
    return server;
  }

  bindMessageHandlers(client: WebSocket, handlers: MessageMappingProperties[], transform: Transform): void {
    boundOutgoing(client, this.options.outgoing);
    // Control frames cost the server like any other: they count against the same rate.
    client.on('ping', (payload: Buffer) => {
      if (this.withinRate(client) && client.readyState === WebSocket.OPEN) {
        client.pong(payload);
        dropIfOverwhelmed(client);
      }
    });
    client.on('pong', () => this.withinRate(client));
    const handlersByType = new Map(handlers.map((handler) => [String(handler.message), handler]));
    let closed = false;
    client.once('close', () => (closed = true));
    // In order, one at a time: a socket's frames take effect in the order they were sent. A queue
    // that one loop drains, rather than an rxjs pipeline or a promise chained per frame: it is on
    // every frame's path. As in Nest's adapter, a text frame's data is a string and a binary
    // one's is not (with ws's default binaryType, one Buffer).
    const queue: (string | RawData)[] = [];
    let draining = false;
    const drain = async (): Promise<void> => {
      draining = true;
      for (let raw = queue.shift(); raw !== undefined; raw = queue.shift()) {
        try {
          const response = closed ? undefined : await this.admit(client, raw, handlersByType, transform);
          if (!isNil(response) && !closed) {
            sendFrame(client, response as ServerFrame);
          }
        } catch (error) {
          // Nothing a frame does may stop the loop: the next frame must still be handled.
          this.adapterLogger.error(`Frame handling failed: ${error instanceof Error ? error.name : typeof error}`);
        } finally {
          frameHandled();
        }
      }
      draining = false;
    };
    client.on('message', (data: RawData, isBinary: boolean) => {
      queue.push(isBinary ? data : (data as Buffer).toString());
      frameArrived();
      if (!draining) {
        void drain();
      }
    });
  }

  /**
   * A client breaking the WebSocket protocol (a frame over the limit, invalid UTF-8, a bad
   * opcode) is the client's fault: one warning line, no stack. Anything else is ours.
   */
  bindErrorHandler(server: WebSocketServer): WebSocketServer {
    server.on('connection', (socket: WebSocket) =>
      socket.on('error', (error: Error & { code?: string }) => {
        if (error.code?.startsWith('WS_ERR_') === true) {
          this.adapterLogger.warn(`Closed a connection that broke the protocol: ${error.code}`);
        } else {
          this.adapterLogger.error(`WebSocket failure: ${error.name}`, error.stack);
        }
      }),
    );
    server.on('error', (error: Error) =>
      this.adapterLogger.error(`WebSocket server failure: ${error.name}`, error.stack),
    );
    return server;
  }

  /** Says goodbye with 1001 so clients know to reconnect, then lets Nest close the server. */
  async close(server: WebSocketServer): Promise<void> {
    const goodbyes = Array.from(server.clients, (socket) => {
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.resume(); // one paused for its rate must still read the client's closing frame
      socket.close(CLOSE_CODES.goingAway, 'server restarting');
      return closed;
    });
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise((resolve) => (graceTimer = setTimeout(resolve, SHUTDOWN_GRACE_MS)));
    await Promise.race([Promise.all(goodbyes), grace]);
    clearTimeout(graceTimer);
    await super.close(server);
  }

  /** The frame's answer, if its handler gives one, once it is within its rate and its turn. */
  private admit(
    client: WebSocket,
    raw: unknown,
    handlersByType: Map<string, MessageMappingProperties>,
    transform: Transform,
  ): Promise<unknown> | undefined {
    if (!this.withinRate(client)) {
      return undefined;
    }
    const turn = this.turnOf(client);
    return turn === undefined
      ? this.dispatch(client, raw, handlersByType, transform)
      : turn.then(() => this.dispatch(client, raw, handlersByType, transform));
  }

  /** Resolves when the socket's next frame may run, or undefined if it may run now. */
  private turnOf(client: WebSocket): Promise<void> | undefined {
    if (isBacklogged(client)) {
      // Its replies are not being read as fast as it sends: read no more of it until they are.
      client.pause();
      return drained(client).then(() => client.resume());
    }
    const handled = (this.framesThisTurn.get(client) ?? 0) + 1;
    this.framesThisTurn.set(client, handled % FRAMES_PER_TURN);
    return handled === FRAMES_PER_TURN ? nextTurn() : undefined;
  }

  /** Counts a frame (data or control) against the connection's rate; true if it may be handled. */
  private withinRate(client: WebSocket): boolean {
    const verdict = this.options.admitFrame(client);
    if (verdict === 'refuse') {
      sendError(client, 'rate_limited', 'too many frames; wait a moment');
      // Stop reading until the window ends: TCP pushes back on the sender, and the server spends
      // nothing on frames it would only drop.
      client.pause();
      this.options.schedule(
        () => client.readyState === WebSocket.OPEN && client.resume(),
        this.options.msUntilNextWindow(client),
      );
    } else if (verdict === 'disconnect' && client.readyState === WebSocket.OPEN) {
      const request = this.upgradeRequests.get(client);
      if (request !== undefined) {
        this.options.onFlood(request);
      }
      client.close(CLOSE_CODES.policyViolation, 'flooding');
      // Not a close handshake: that would keep reading the flood. Gone once the close frame is out.
      setImmediate(() => client.terminate());
    }
    return verdict === 'allow';
  }

  private async dispatch(
    client: WebSocket,
    raw: unknown,
    handlersByType: Map<string, MessageMappingProperties>,
    transform: Transform,
  ): Promise<unknown> {
    try {
      const { type, data } = parseClientFrame(raw);
      const handler = handlersByType.get(type);
      if (handler === undefined) {
        throw new ChatError('unknown_type', 'unknown frame type');
      }
      // Nest's handler wrapper answers with a promise; an Observable answer goes through Nest's transform.
      const result: unknown = await handler.callback(data, type);
      return isObservable(result) ? lastValueFrom(transform(result), { defaultValue: undefined }) : result;
    } catch (error) {
      if (error instanceof ChatError) {
        sendError(client, error.code, error.message);
      } else {
        // Handler errors are caught by the gateway's filter; this is a fault in the adapter itself.
        this.adapterLogger.error(`Frame dispatch failed: ${error instanceof Error ? error.name : typeof error}`);
        sendError(client, 'internal_error', 'the server could not handle this frame');
      }
      return undefined;
    }
  }

  protected ensureHttpServerExists(port: number, httpServer = http.createServer()): http.Server | undefined {
    if (this.httpServersRegistry.has(port)) {
      return undefined;
    }
    this.httpServersRegistry.set(port, httpServer);
    this.pendingSockets.watch(httpServer);
    httpServer.on('upgrade', (request: http.IncomingMessage, socket: Socket, head: Buffer) => {
      // A client that resets mid-upgrade must not become an unhandled 'error' event.
      socket.on('error', () => socket.destroy());
      this.pendingSockets.requested(socket);
      this.routeUpgrade(port, request, socket, head).catch(() => refuse(socket, 500));
    });
    return httpServer;
  }

  private async routeUpgrade(port: number, request: http.IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    const servers = (this.wsServersRegistry.get(port) ?? []) as RoutedServer[];
    const pathname = pathnameOf(request);
    const server = servers.find(
      (candidate) => pathname === candidate.path || pathname?.startsWith(`${candidate.path}/`),
    );
    if (server === undefined) {
      refuse(socket, 404);
      return;
    }
    const verdict = await this.options.checkUpgrade(request);
    if (!verdict.allowed) {
      refuse(socket, verdict.status);
      return;
    }
    server.handleUpgrade(request, socket, head, (ws) => {
      this.pendingSockets.upgraded(socket);
      registerTransport(ws, socket);
      this.upgradeRequests.set(ws, request);
      server.emit('connection', ws, request);
    });
  }
}

/** Answers and then destroys the socket: `end()` alone leaves it half-open for as long as the client likes. */
function refuse(socket: Socket, status: number): void {
  const deadline = setTimeout(() => socket.destroy(), REFUSAL_FLUSH_MS);
  deadline.unref();
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    () => {
      clearTimeout(deadline);
      socket.destroy();
    },
  );
}

function pathnameOf(request: http.IncomingMessage): string | undefined {
  try {
    return new URL(request.url ?? '/', 'ws://localhost').pathname;
  } catch {
    return undefined;
  }
}
