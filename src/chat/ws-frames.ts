import { WebSocket } from 'ws';
import { ErrorCode, frame, ServerFrame } from '../protocol/events';

/** Sends an already serialised frame: a message going to both users is stringified once. */
export function sendSerialized(socket: WebSocket, text: string): void {
  if (socket.readyState === WebSocket.OPEN) {
    socket.send(text);
  }
}

export function sendFrame(socket: WebSocket, serverFrame: ServerFrame): void {
  sendSerialized(socket, JSON.stringify(serverFrame));
}

export function sendError(socket: WebSocket, code: ErrorCode, message: string): void {
  sendFrame(socket, frame('error', { code, message }));
}
