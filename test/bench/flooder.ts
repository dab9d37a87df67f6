/**
 * A persistent flooder, in its own process so its busy loop does not slow the process that
 * measures: sends 100-byte messages as user 1 as fast as the connection takes them, and when
 * the server closes the connection for flooding, comes straight back. Runs until killed.
 */
import { WebSocket } from 'ws';
import { textFrame } from './relay-client';

const url = process.argv[2];
const frame = textFrame(100)('Zz000000zZ');
let sent = 0;

function flood(): void {
  const socket = new WebSocket(url);
  const pump = (): void => {
    if (socket.readyState !== WebSocket.OPEN) {
      return;
    }
    if (socket.bufferedAmount < 1024 * 1024) {
      for (let i = 0; i < 200; i++) {
        socket.send(frame);
      }
      sent += 200;
      setImmediate(pump);
    } else {
      setTimeout(pump, 1);
    }
  };
  socket.on('open', pump);
  socket.on('close', () => setTimeout(flood, 10));
  socket.on('error', () => undefined);
}

process.on('SIGTERM', () => {
  process.stdout.write(`${sent}\n`);
  process.exit(0);
});
flood();
