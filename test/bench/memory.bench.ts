import { WebSocket } from 'ws';
import { startTestApp } from '../support/test-app';
import { imageFrame, openSocket, textFrame } from './relay-client';

export interface MemoryResult {
  contentBytes: number;
  heldBytes: number;
  bytesPerContentByte: number;
  startBytes: number;
  afterCleanupBytes: number;
  afterCyclesBytes: number;
  cycles: number;
  rssStartMB: number;
  rssEndMB: number;
}

const TEXTS = 2000;
const IMAGES = 20;
const CYCLES = 5;

/**
 * Heap plus off-heap (Buffer) memory of the real app, in this process so that `gc()` can settle
 * it before each reading: empty, with messages stored, after they are read and deleted, and after
 * many store/read/delete cycles. Run node with --expose-gc.
 */
export async function memoryBench(): Promise<MemoryResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) {
    throw new Error('the memory bench needs node --expose-gc');
  }
  const app = await startTestApp({
    CLEANUP_INTERVAL_SECONDS: '0.05',
    RATE_LIMIT_FRAMES: '1000000',
    MAX_STORED_BYTES: String(1024 ** 3),
  });
  const sender = await openSocket(app.wsUrl('/ws/1'));
  const receiver = await openSocket(app.wsUrl('/ws/2'));
  const measure = async (): Promise<number> => {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    const { heapUsed, external } = process.memoryUsage();
    return heapUsed + external;
  };
  try {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const rssStart = process.memoryUsage().rss;
    await cycle(sender, receiver, app.clock, false); // warm up every code path once
    const startBytes = await measure();
    const contentBytes = await storeAll(sender, receiver);
    const heldBytes = (await measure()) - startBytes;
    await readAndDelete(receiver, app.clock);
    const afterCleanupBytes = await measure();
    for (let i = 0; i < CYCLES; i++) {
      await cycle(sender, receiver, app.clock, true);
    }
    const afterCyclesBytes = await measure();
    return {
      contentBytes,
      heldBytes,
      bytesPerContentByte: heldBytes / contentBytes,
      startBytes,
      afterCleanupBytes,
      afterCyclesBytes,
      cycles: CYCLES,
      rssStartMB: rssStart / 1024 / 1024,
      rssEndMB: process.memoryUsage().rss / 1024 / 1024,
    };
  } finally {
    sender.terminate();
    receiver.terminate();
    await app.close();
  }
}

async function cycle(
  sender: WebSocket,
  receiver: WebSocket,
  clock: { advance(ms: number): void },
  full: boolean,
): Promise<void> {
  await storeAll(sender, receiver, full ? TEXTS : 10, full ? IMAGES : 1);
  await readAndDelete(receiver, clock);
}

/** Sends the texts and images from user 1, waits until user 2 has them all; content bytes sent. */
async function storeAll(sender: WebSocket, receiver: WebSocket, texts = TEXTS, images = IMAGES): Promise<number> {
  const ids: string[] = [];
  const arrived = collect(receiver, 'chat_message', texts + images, (data) => ids.push(data.id as string));
  const text = textFrame(100);
  const image = imageFrame(1024 * 1024);
  let contentBytes = 0;
  for (let i = 0; i < texts + images; i++) {
    const frame = i < texts ? text(`Zz${String(i).padStart(6, '0')}zZ`) : image(`Zz${String(i).padStart(6, '0')}zZ`);
    contentBytes += (JSON.parse(frame) as { data: { content: string } }).data.content.length;
    sender.send(frame);
  }
  await arrived;
  unreadIds.set(receiver, ids);
  return contentBytes;
}

const unreadIds = new WeakMap<WebSocket, string[]>();

async function readAndDelete(receiver: WebSocket, clock: { advance(ms: number): void }): Promise<void> {
  const ids = unreadIds.get(receiver) ?? [];
  const read = collect(receiver, 'message_read', ids.length);
  ids.forEach((id) => receiver.send(JSON.stringify({ type: 'message_read', data: { message_id: id } })));
  await read;
  const deleted = collect(receiver, 'message_deleted', ids.length);
  clock.advance(301_000);
  await deleted;
}

function collect(
  socket: WebSocket,
  type: string,
  count: number,
  each: (data: Record<string, unknown>) => void = () => undefined,
): Promise<void> {
  if (count === 0) {
    return Promise.resolve();
  }
  let seen = 0;
  const prefix = `{"type":"${type}"`;
  return new Promise((resolve) => {
    const onMessage = (raw: Buffer): void => {
      const text = raw.toString();
      if (text.startsWith(prefix)) {
        each((JSON.parse(text) as { data: Record<string, unknown> }).data);
        if (++seen === count) {
          socket.off('message', onMessage);
          resolve();
        }
      }
    };
    socket.on('message', onMessage);
  });
}
