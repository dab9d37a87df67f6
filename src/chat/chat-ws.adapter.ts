import { INestApplicationContext } from '@nestjs/common';
import { isNil } from '@nestjs/common/utils/shared.utils';
import { WsAdapter } from '@nestjs/platform-ws';
import { MessageMappingProperties } from '@nestjs/websockets/gateway-metadata-explorer';
import * as http from 'node:http';
import { Duplex } from 'node:stream';
import { EMPTY, filter, first, fromEvent, mergeMap, Observable, share, takeUntil } from 'rxjs';
import { WebSocket, WebSocketServer } from 'ws';
import { ChatError } from '../common/chat.error';
import { ServerFrame } from '../protocol/events';
import { parseClientFrame } from './client-frame.parser';
import { sendError, sendFrame } from './ws-frames';

export interface ChatWsAdapterOptions {
  /** Largest frame `ws` will buffer; a bigger one closes the socket with 1009. */
  maxPayloadBytes: number;
}

type Transform = (data: unknown) => Observable<unknown>;
type RoutedServer = WebSocketServer & { path: string };

/**
 * Nest's WsAdapter, fitted to this protocol: frames route by `type` (not `event`), a gateway at
 * `/ws` also takes `/ws/{user_id}`, and bad JSON or an unknown type is answered with an `error`
 * frame instead of being dropped in silence.
 */
export class ChatWsAdapter extends WsAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly options: ChatWsAdapterOptions,
  ) {
    super(app);
  }

  create(port: number, options: Record<string, unknown> & { path?: string } = {}): WebSocketServer {
    return super.create(port, { ...options, maxPayload: this.options.maxPayloadBytes });
  }

  bindMessageHandlers(client: WebSocket, handlers: MessageMappingProperties[], transform: Transform): void {
    const handlersByType = new Map(handlers.map((handler) => [String(handler.message), handler]));
    const close$ = fromEvent(client, 'close').pipe(share(), first());
    fromEvent<{ data: unknown }>(client, 'message')
      .pipe(
        mergeMap((event) => this.dispatch(client, event.data, handlersByType, transform)),
        filter((result) => !isNil(result)),
        takeUntil(close$),
      )
      .subscribe((response) => sendFrame(client, response as ServerFrame));
  }

  private dispatch(
    client: WebSocket,
    raw: unknown,
    handlersByType: Map<string, MessageMappingProperties>,
    transform: Transform,
  ): Observable<unknown> {
    try {
      const { type, data } = parseClientFrame(raw);
      const handler = handlersByType.get(type);
      if (handler === undefined) {
        throw new ChatError('unknown_type', 'unknown frame type');
      }
      return transform(handler.callback(data, type));
    } catch (error) {
      if (error instanceof ChatError) {
        sendError(client, error.code, error.message);
        return EMPTY;
      }
      throw error;
    }
  }

  protected ensureHttpServerExists(port: number, httpServer = http.createServer()): http.Server | undefined {
    if (this.httpServersRegistry.has(port)) {
      return undefined;
    }
    this.httpServersRegistry.set(port, httpServer);
    httpServer.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) =>
      this.routeUpgrade(port, request, socket, head),
    );
    return httpServer;
  }

  private routeUpgrade(port: number, request: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const servers = (this.wsServersRegistry.get(port) ?? []) as RoutedServer[];
    const pathname = pathnameOf(request);
    const server = servers.find((candidate) => pathname === candidate.path || pathname?.startsWith(`${candidate.path}/`));
    if (server === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
  }
}

function pathnameOf(request: http.IncomingMessage): string | undefined {
  try {
    return new URL(request.url ?? '/', 'ws://localhost').pathname;
  } catch {
    return undefined;
  }
}
