import { encryptedFrame, imageFrame, RelayPair, textFrame } from './relay-client';
import { LatencySummary, summarize } from './stats';

export interface RelayResult {
  text: LatencySummary;
  /** The same 100-byte text, end-to-end encrypted (tagged through its client_id). */
  encrypted: LatencySummary;
  throughputPerSecond: number;
  atRates: { rate: number; achieved: number; latency: LatencySummary }[];
  image: LatencySummary;
}

const SMALL = 100;
const MB = 1024 * 1024;

/** Latency, throughput and rate sweeps from user 1 to user 2 through the server at `baseUrl`. */
export async function relayBench(baseUrl: string, reset: (pair: RelayPair) => void): Promise<RelayResult> {
  const pair = await RelayPair.open(baseUrl);
  let seq = 0;
  const small = textFrame(SMALL);
  try {
    await sequential(pair, small, 500, () => seq++); // warm-up
    const text = summarize(await sequential(pair, small, 2500, () => seq++));
    reset(pair);
    const sealed = await encryptedFrame(SMALL);
    const encrypted = summarize(await sequential(pair, sealed, 2500, () => seq++));
    reset(pair);
    const throughputPerSecond = await pipelined(pair, small, 10_000, 64, () => seq++);
    reset(pair);
    const atRates = [];
    for (const rate of [1000, 4000]) {
      atRates.push({ rate, ...(await atRate(pair, small, rate, 1500, () => seq++)) });
      reset(pair);
    }
    const image = imageFrame(MB);
    await sequential(pair, image, 5, () => seq++);
    reset(pair);
    const images = summarize(
      await sequential(
        pair,
        image,
        40,
        () => seq++,
        () => reset(pair),
      ),
    );
    reset(pair);
    return { text, encrypted, throughputPerSecond, atRates, image: images };
  } finally {
    pair.close();
  }
}

async function sequential(
  pair: RelayPair,
  frame: (tag: string) => string,
  count: number,
  next: () => number,
  between: () => void = () => undefined,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    latencies.push(await pair.time(next(), frame));
    if (i % 10 === 9) {
      between();
    }
  }
  return latencies;
}

/** Messages per second with up to `window` in flight. */
async function pipelined(
  pair: RelayPair,
  frame: (tag: string) => string,
  count: number,
  window: number,
  next: () => number,
): Promise<number> {
  const started = performance.now();
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < count) {
      sent++;
      await pair.time(next(), frame);
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  return (count / (performance.now() - started)) * 1000;
}

/** Sends at a fixed rate for `durationMs` and times every message. */
async function atRate(
  pair: RelayPair,
  frame: (tag: string) => string,
  rate: number,
  durationMs: number,
  next: () => number,
): Promise<{ achieved: number; latency: LatencySummary }> {
  const total = Math.round((rate * durationMs) / 1000);
  const timings: Promise<number>[] = [];
  const started = performance.now();
  while (timings.length < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    while (timings.length < due) {
      timings.push(pair.time(next(), frame));
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const latencies = await Promise.all(timings);
  const elapsed = performance.now() - started;
  return { achieved: (total / elapsed) * 1000, latency: summarize(latencies) };
}
