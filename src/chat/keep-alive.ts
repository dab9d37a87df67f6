import { WebSocket, WebSocketServer } from 'ws';

/**
 * Protocol-level ping every `intervalMs`; a socket that has not answered the previous ping is
 * terminated, so a user whose network dropped frees their slot within two intervals.
 */
export function keepAlive(server: WebSocketServer, intervalMs: number): void {
  const answered = new WeakMap<WebSocket, boolean>();
  server.on('connection', (socket: WebSocket) => {
    answered.set(socket, true);
    socket.on('pong', () => answered.set(socket, true));
  });
  const timer = setInterval(() => {
    for (const socket of server.clients) {
      if (answered.get(socket) === false) {
        socket.terminate();
        continue;
      }
      answered.set(socket, false);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  server.on('close', () => clearInterval(timer));
}
