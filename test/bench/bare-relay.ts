/**
 * The baseline: a bare `ws` server that forwards each frame from one user's socket to the other's,
 * with nothing else. The physical floor for this transport on this machine.
 */
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

const sockets = new Map<string, WebSocket>();
const server = createServer();
const wss = new WebSocketServer({ server, maxPayload: 64 * 1024 * 1024 });

wss.on('connection', (socket, request) => {
  const user = request.url === '/ws/1' ? '1' : '2';
  const peer = user === '1' ? '2' : '1';
  sockets.set(user, socket);
  socket.on('message', (data, isBinary) => sockets.get(peer)?.send(data, { binary: isBinary }));
});

server.listen(0, '127.0.0.1', () => {
  console.log(`Listening on port ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => process.exit(0));
