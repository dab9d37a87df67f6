import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { startServerProcess } from '../support/server-process';
import { openSocket } from './relay-client';

export interface RssReading {
  beforeMB: number;
  peakMB: number;
  afterMB: number;
}

export interface AbuseResult {
  pingFlood: RssReading & { seconds: number };
  reconnects: RssReading & { storedMB: number; reconnects: number };
}

const PING_FLOOD_MS = 5000;
const STORED_MESSAGES = 120;
const MESSAGE_BYTES = 1024 * 1024;
const RECONNECTS = 5;

/**
 * What a malicious token holder can make the built server hold, read from the child process's
 * resident memory before, at the peak of, and after each attack.
 */
export async function abuseBench(): Promise<AbuseResult> {
  return { pingFlood: await pingFlood(), reconnects: await reconnectsWithFullStore() };
}

/** A client that never reads, pinging as fast as it can while sending pongs nobody asked for. */
async function pingFlood(): Promise<AbuseResult['pingFlood']> {
  const server = await startServerProcess({});
  try {
    const rss = new RssSampler(server.child.pid ?? 0);
    const before = await rss.settle();
    const flooder = await openSocket(`ws://127.0.0.1:${server.port}/ws/1`);
    flooder.pause(); // reads nothing more from its TCP socket
    const payload = Buffer.alloc(125, 1);
    const until = Date.now() + PING_FLOOD_MS;
    while (Date.now() < until && flooder.readyState === WebSocket.OPEN) {
      if (flooder.bufferedAmount < 4 * 1024 * 1024) {
        for (let i = 0; i < 500; i++) {
          flooder.ping(payload);
          flooder.pong(payload);
        }
      }
      rss.sample();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    flooder.terminate();
    const after = await rss.settle();
    return { beforeMB: before, peakMB: rss.peak, afterMB: after, seconds: PING_FLOOD_MS / 1000 };
  } finally {
    server.child.kill('SIGKILL');
  }
}

/** A full store, then the same user reconnecting again and again, each time reading it all. */
async function reconnectsWithFullStore(): Promise<AbuseResult['reconnects']> {
  const server = await startServerProcess({ RATE_LIMIT_FRAMES: '1000', MAX_STORED_BYTES: String(1024 ** 3) });
  try {
    const url = (user: number): string => `ws://127.0.0.1:${server.port}/ws/${user}`;
    const sender = await openSocket(url(1));
    const content = '\u0001'.repeat(MESSAGE_BYTES / 6 - 8); // escapes to six bytes each: 1 MB as sent
    let echoes = 0;
    sender.on('message', () => echoes++);
    for (let i = 0; i < STORED_MESSAGES; i++) {
      sender.send(JSON.stringify({ type: 'chat_message', data: { content } }));
      while (echoes <= i) {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    const rss = new RssSampler(server.child.pid ?? 0);
    const before = await rss.settle();
    for (let round = 0; round < RECONNECTS; round++) {
      const reader = await openSocket(url(2));
      let frames = 0;
      let expected = Infinity;
      reader.on('message', (data: Buffer) => {
        frames++;
        if (frames === 1) {
          const info = JSON.parse(data.toString()) as { data: { messages: unknown[]; history_pending: number } };
          expected = 1 + info.data.history_pending;
        }
      });
      while (frames < expected) {
        rss.sample();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      reader.terminate();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const after = await rss.settle();
    sender.terminate();
    return {
      beforeMB: before,
      peakMB: rss.peak,
      afterMB: after,
      storedMB: (STORED_MESSAGES * MESSAGE_BYTES) / 1024 ** 2,
      reconnects: RECONNECTS,
    };
  } finally {
    server.child.kill('SIGKILL');
  }
}

/** Resident memory of a process, from /proc (Linux). */
class RssSampler {
  peak = 0;

  constructor(private readonly pid: number) {}

  sample(): number {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    const mb = Math.round(Number(match?.[1] ?? 0) / 1024);
    this.peak = Math.max(this.peak, mb);
    return mb;
  }

  /** The reading once the process has had a moment to settle. */
  async settle(): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return this.sample();
  }
}
