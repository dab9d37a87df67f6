import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { ChatError } from '../common/chat.error';
import { ServerFrame, UserId } from '../protocol/events';
import { frameBytes } from '../transport/content-frame';
import { sendFrame, sendSerialized } from '../transport/ws-frames';

export interface ClaimOptions {
  /** Replace the user's live connection (`?takeover=1`). */
  takeover: boolean;
  /** The session id this window had (`?resume=`). */
  resume?: string;
}

export type Claim =
  | { outcome: 'claimed'; sessionId: string }
  | { outcome: 'replaced'; sessionId: string; previous: WebSocket; resumed: boolean }
  | { outcome: 'full' };

/** The one live socket of each user. */
@Injectable()
export class ChatConnections {
  private readonly sockets = new Map<UserId, WebSocket>();
  private readonly owners = new WeakMap<WebSocket, UserId>();
  private readonly sessionIds = new WeakMap<WebSocket, string>();
  /**
   * Sockets still being sent the stored history. New messages reach them through that stream,
   * which walks the store up to its end, so they arrive in order after the older ones.
   */
  private readonly catchingUp = new WeakSet<WebSocket>();

  /**
   * Takes the user's slot for `socket`. A user already connected keeps the slot unless the new
   * socket takes over, or resumes the very session that holds it (a window back from a drop the
   * server has not noticed yet); then the previous socket loses the slot at once.
   */
  claim(userId: UserId, socket: WebSocket, { takeover, resume }: ClaimOptions): Claim {
    const previous = this.sockets.get(userId);
    const resumed = previous !== undefined && resume !== undefined && this.sessionIds.get(previous) === resume;
    if (previous !== undefined && !resumed && !takeover) {
      return { outcome: 'full' };
    }
    const sessionId = randomUUID();
    this.sockets.set(userId, socket);
    this.owners.set(socket, userId);
    this.sessionIds.set(socket, sessionId);
    if (previous === undefined) {
      return { outcome: 'claimed', sessionId };
    }
    this.owners.delete(previous); // its frames, and its close, no longer speak for the user
    return { outcome: 'replaced', sessionId, previous, resumed };
  }

  /** Frees the slot held by `socket`, if it holds one, and says whose it was. */
  release(socket: WebSocket): UserId | undefined {
    const userId = this.owners.get(socket);
    if (userId !== undefined && this.sockets.get(userId) === socket) {
      this.sockets.delete(userId);
      return userId;
    }
    return undefined;
  }

  userOf(socket: WebSocket): UserId {
    const userId = this.owners.get(socket);
    if (userId === undefined) {
      // A refused socket (session_full, invalid_user) can still deliver frames while it closes.
      throw new ChatError('invalid_user', 'this connection holds no user slot');
    }
    return userId;
  }

  startCatchingUp(socket: WebSocket): void {
    this.catchingUp.add(socket);
  }

  stopCatchingUp(socket: WebSocket): void {
    this.catchingUp.delete(socket);
  }

  send(userId: UserId, serverFrame: ServerFrame): void {
    const socket = this.sockets.get(userId);
    if (socket !== undefined) {
      sendFrame(socket, serverFrame);
    }
  }

  /** One serialisation and one encoding for both; `firstTo`'s copy leaves first (the peer before the echo). */
  sendToBoth(serverFrame: ServerFrame, firstTo?: UserId): void {
    const bytes = frameBytes(serverFrame);
    const first = firstTo === undefined ? undefined : this.sockets.get(firstTo);
    if (first !== undefined) {
      this.sendUnlessCatchingUp(first, serverFrame, bytes);
    }
    for (const socket of this.sockets.values()) {
      if (socket !== first) {
        this.sendUnlessCatchingUp(socket, serverFrame, bytes);
      }
    }
  }

  private sendUnlessCatchingUp(socket: WebSocket, serverFrame: ServerFrame, bytes: Buffer): void {
    if (serverFrame.type !== 'chat_message' || !this.catchingUp.has(socket)) {
      sendSerialized(socket, bytes);
    }
  }
}
