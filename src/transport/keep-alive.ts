import { randomBytes } from 'node:crypto';
import { WebSocket, WebSocketServer } from 'ws';
import { dropIfOverwhelmed } from './ws-frames';

/**
 * Protocol-level ping every `intervalMs`; a socket that has not answered the previous ping is
 * terminated, so a user whose network dropped frees their slot within two intervals. Only a pong
 * carrying the payload of our ping counts: unsolicited pongs prove nothing about the reader.
 */
export function keepAlive(server: WebSocketServer, intervalMs: number): void {
  const awaiting = new WeakMap<WebSocket, Buffer>();
  server.on('connection', (socket: WebSocket) => {
    socket.on('pong', (payload: Buffer) => {
      if (awaiting.get(socket)?.equals(payload) === true) {
        awaiting.delete(socket);
      }
    });
  });
  const timer = setInterval(() => {
    for (const socket of server.clients) {
      if (awaiting.has(socket)) {
        socket.terminate();
        continue;
      }
      const payload = randomBytes(8);
      awaiting.set(socket, payload);
      socket.ping(payload);
      dropIfOverwhelmed(socket);
    }
  }, intervalMs);
  timer.unref();
  server.on('close', () => clearInterval(timer));
}
