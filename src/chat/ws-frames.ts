import { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { ErrorCode, frame, ServerFrame } from '../protocol/events';

type SocketWithTransport = WebSocket & { _socket?: Socket };

/**
 * Sends an already serialised frame: a message going to both users is stringified once.
 * Frames sent to one socket in the same tick leave in one write: the TCP socket is corked until
 * the tick ends, so a burst costs one syscall instead of one per frame.
 */
export function sendSerialized(socket: WebSocket, text: string): void {
  if (socket.readyState !== WebSocket.OPEN) {
    return;
  }
  const transport = (socket as SocketWithTransport)._socket;
  if (transport !== undefined && transport.writableCorked === 0) {
    transport.cork();
    process.nextTick(() => transport.uncork());
  }
  socket.send(text);
}

export function sendFrame(socket: WebSocket, serverFrame: ServerFrame): void {
  sendSerialized(socket, JSON.stringify(serverFrame));
}

export function sendError(socket: WebSocket, code: ErrorCode, message: string): void {
  sendFrame(socket, frame('error', { code, message }));
}
