import { Logger } from '@nestjs/common';
import { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { ErrorCode, frame, ServerFrame } from '../protocol/events';
import { frameBytes } from './content-frame';

const logger = new Logger('WsFrames');

export interface OutgoingLimits {
  /** Past this many bytes waiting unsent, work that only adds to them waits for `drained()`. */
  backlogBytes: number;
  /** Past this many, the client is not reading: the server stops reading it and drops it. */
  dropBytes: number;
}

interface Outgoing extends OutgoingLimits {
  waiters: (() => void)[];
  /** The socket's write callback: wakes what waits for its backlog once it is written out. */
  written: () => void;
}

/** Every frame the server sends is text (a Buffer holds the UTF-8 of a serialised frame). */
const TEXT_FRAME = Object.freeze({ binary: false });

const outgoing = new WeakMap<WebSocket, Outgoing>();
/** Each WebSocket's TCP socket, as the upgrade handed it over (ws keeps its own copy private). */
const transports = new WeakMap<WebSocket, Socket>();

/** Remembers the TCP socket under `socket`, so frames sent in one tick can share one write. */
export function registerTransport(socket: WebSocket, transport: Socket): void {
  transports.set(socket, transport);
}

/** A client that does not read must not make the server hold its replies. */
export function boundOutgoing(socket: WebSocket, limits: OutgoingLimits): void {
  const state: Outgoing = {
    ...limits,
    waiters: [],
    written: () => {
      if (state.waiters.length > 0 && !isBacklogged(socket)) {
        wake(state);
      }
    },
  };
  outgoing.set(socket, state);
  socket.once('close', () => wake(state));
}

/** Whether more than the backlog waits unsent for `socket`. */
export function isBacklogged(socket: WebSocket): boolean {
  const state = outgoing.get(socket);
  return state !== undefined && socket.readyState === WebSocket.OPEN && socket.bufferedAmount > state.backlogBytes;
}

/** Resolves once the backlog of `socket` has been written out (or the socket closed). */
export function drained(socket: WebSocket): Promise<void> {
  const state = outgoing.get(socket);
  if (state === undefined || !isBacklogged(socket)) {
    return Promise.resolve();
  }
  return new Promise((resolve) => state.waiters.push(resolve));
}

/** Drops the socket if what waits unsent for it passed its bound; true if it was dropped. */
export function dropIfOverwhelmed(socket: WebSocket): boolean {
  const state = outgoing.get(socket);
  if (state === undefined || socket.bufferedAmount <= state.dropBytes || socket.readyState === WebSocket.CLOSED) {
    return false;
  }
  socket.pause();
  socket.terminate();
  logger.warn(`Dropped a connection that stopped reading (over ${state.dropBytes} bytes waiting to be sent)`);
  return true;
}

function wake(state: Outgoing): void {
  const waiters = state.waiters;
  state.waiters = [];
  waiters.forEach((resolve) => resolve());
}

/** Frames received and not yet handled, on every socket. */
let framesWaiting = 0;

/** Counts a frame from its arrival until `frameHandled()`: while others wait, replies are batched. */
export function frameArrived(): void {
  framesWaiting++;
}

export function frameHandled(): void {
  framesWaiting--;
}

/**
 * Sends a frame's UTF-8 JSON (see `frameBytes`): a message going to both users is serialised
 * once (a Buffer goes out as a text frame all the same).
 * While more frames wait to be handled, frames sent to one socket in the same tick leave in one
 * write: the TCP socket is corked until the tick ends, so a burst costs one syscall instead of
 * one per frame. A frame that arrived alone is answered at once: there is nothing to batch it
 * with, and the reply need not wait for the rest of the tick's work.
 */
export function sendSerialized(socket: WebSocket, serialized: Buffer): void {
  if (socket.readyState !== WebSocket.OPEN) {
    return;
  }
  const transport = transports.get(socket);
  if (transport !== undefined && framesWaiting > 1 && transport.writableCorked === 0) {
    transport.cork();
    process.nextTick(() => transport.uncork());
  }
  socket.send(serialized, TEXT_FRAME, outgoing.get(socket)?.written);
  dropIfOverwhelmed(socket);
}

export function sendFrame(socket: WebSocket, serverFrame: ServerFrame): void {
  sendSerialized(socket, frameBytes(serverFrame));
}

export function sendError(socket: WebSocket, code: ErrorCode, message: string): void {
  sendFrame(socket, frame('error', { code, message }));
}
