import { Injectable, Logger } from '@nestjs/common';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { HistoryCursor } from '../messages/history-cursor';
import { frame } from '../protocol/events';
import { ChatConnections } from './chat-connections';
import { serializeWithContent } from '../transport/content-frame';
import { drained, sendSerialized } from '../transport/ws-frames';

/** Content decrypted between two turns of the event loop, so the other user is never held up long. */
const BYTES_PER_TURN = 256 * 1024;

/**
 * Sends what did not fit `connection_info` as `chat_message` frames to one connection, oldest
 * first, writing only as fast as the client reads: a reconnect costs the server one frame's
 * worth of buffer, not a copy of the store.
 */
@Injectable()
export class HistoryStream {
  private readonly logger = new Logger(HistoryStream.name);

  constructor(private readonly connections: ChatConnections) {}

  send(socket: WebSocket, rest: HistoryCursor): void {
    this.connections.startCatchingUp(socket);
    this.pump(socket, rest)
      .catch((error: unknown) =>
        this.logger.error(`History stream failed: ${error instanceof Error ? error.name : typeof error}`),
      )
      .finally(() => this.connections.stopCatchingUp(socket));
  }

  private async pump(socket: WebSocket, rest: HistoryCursor): Promise<void> {
    let sentThisTurn = 0;
    for (;;) {
      if (sentThisTurn >= BYTES_PER_TURN) {
        await nextTurn();
        sentThisTurn = 0;
      }
      await drained(socket);
      if (socket.readyState !== WebSocket.OPEN) {
        return;
      }
      // Taking the next message and ending the catch-up happen in one turn: a message stored
      // after the store ran out is sent live, never twice or not at all.
      const message = rest.next();
      if (message === undefined) {
        this.connections.stopCatchingUp(socket);
        return;
      }
      const bytes = serializeWithContent(frame('chat_message', { ...message, content: '' }), message.content);
      sendSerialized(socket, bytes);
      sentThisTurn += bytes.length;
    }
  }
}
