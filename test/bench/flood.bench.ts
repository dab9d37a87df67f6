import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { openSocket } from './relay-client';
import { LatencySummary, summarize } from './stats';

export interface FloodResult {
  idle: LatencySummary;
  flooded: LatencySummary;
  floodFramesSent: number;
}

const SAMPLES = 300;
/** User 2 samples at 25 frames/s, inside the default RATE_LIMIT_FRAMES of 30 per second. */
const SAMPLE_SPACING_MS = 40;
const SAMPLE_TIMEOUT_MS = 2000;

/** User 2's heartbeat round trip, idle and while user 1 (another process) floods. */
export async function floodBench(baseUrl: string): Promise<FloodResult> {
  const other = await openSocket(`${baseUrl}/ws/2`);
  await new Promise((resolve) => setTimeout(resolve, 100));
  try {
    await roundTrips(other, 25);
    const idle = summarize(await roundTrips(other, SAMPLES));
    const flooder = spawn(process.execPath, [
      '-r',
      'ts-node/register/transpile-only',
      join(__dirname, 'flooder.ts'),
      `${baseUrl}/ws/1`,
    ]);
    let output = '';
    flooder.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => flooder.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 1500)); // ts-node start-up, then the flood
    const flooded = summarize(await roundTrips(other, SAMPLES));
    flooder.kill('SIGTERM');
    await exited;
    return { idle, flooded, floodFramesSent: Number(output.trim()) };
  } finally {
    other.terminate();
  }
}

async function roundTrips(socket: WebSocket, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        socket.off('message', onMessage);
        resolve();
      };
      // A lost answer counts as the timeout rather than hanging the bench.
      const timer = setTimeout(done, SAMPLE_TIMEOUT_MS);
      const onMessage = (data: Buffer): void => {
        if (data.toString().startsWith('{"type":"heartbeat"')) {
          done();
        }
      };
      socket.on('message', onMessage);
      socket.send('{"type":"heartbeat","data":{}}');
    });
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_SPACING_MS));
  }
  return latencies;
}
