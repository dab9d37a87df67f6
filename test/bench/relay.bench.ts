import { setImmediate as nextTurn } from 'node:timers/promises';
import { encryptedFrame, imageFrame, RelayPair, textFrame } from './relay-client';
import { LatencySummary, summarize } from './stats';

/** Every message's milliseconds in each latency pass (so runs can be pooled), and the throughput. */
export interface RelayResult {
  text: number[];
  /** The same 100-byte text, end-to-end encrypted (tagged through its client_id). */
  encrypted: number[];
  throughputPerSecond: number;
  atRates: { rate: number; achieved: number; latencies: number[] }[];
  image: number[];
}

/** A run's percentiles, for the JSON. */
export function summaryOf({ text, encrypted, throughputPerSecond, atRates, image }: RelayResult): {
  text: LatencySummary;
  encrypted: LatencySummary;
  throughputPerSecond: number;
  atRates: { rate: number; achieved: number; latency: LatencySummary }[];
  image: LatencySummary;
} {
  return {
    text: summarize(text),
    encrypted: summarize(encrypted),
    throughputPerSecond,
    atRates: atRates.map(({ rate, achieved, latencies }) => ({ rate, achieved, latency: summarize(latencies) })),
    image: summarize(image),
  };
}

/** A server under test: where it listens, and how to empty it between passes (if it stores). */
export interface Contender {
  url: string;
  reset: (pair: RelayPair) => void;
}

interface Opened {
  pair: RelayPair;
  reset: () => void;
}

const SMALL = 100;
const MB = 1024 * 1024;
/** Throughput and rate passes are split into this many rounds, alternating between contenders. */
const ROUNDS = 6;
const SETTLE_MS = 0.1;

/**
 * Latency, throughput and rate sweeps from user 1 to user 2 through each contender, interleaved:
 * message by message for latency, round by round for load, in alternating order, so a slow
 * moment of the machine falls on every contender alike and the ratios compare like with like.
 */
export async function relayBench(contenders: Contender[]): Promise<RelayResult[]> {
  const opened: Opened[] = [];
  try {
    for (const contender of contenders) {
      const pair = await RelayPair.open(contender.url);
      opened.push({ pair, reset: () => contender.reset(pair) });
    }
    return await measure(opened);
  } finally {
    opened.forEach(({ pair }) => pair.close());
  }
}

async function measure(opened: Opened[]): Promise<RelayResult[]> {
  let seq = 0;
  const next = (): number => seq++;
  const resetAll = (): void => opened.forEach(({ reset }) => reset());
  const small = textFrame(SMALL);
  await sequential(opened, small, 500, next); // warm-up
  const text = await sequential(opened, small, 3000, next);
  resetAll();
  const encrypted = await sequential(opened, await encryptedFrame(SMALL), 3000, next);
  resetAll();
  await pipelined(opened, small, 12_000, 64, next); // warm-up: the JIT settles on the batched path
  resetAll();
  const throughput = await pipelined(opened, small, 24_000, 64, next);
  resetAll();
  const atRates: { rate: number; achieved: number; latencies: number[] }[][] = opened.map(() => []);
  for (const rate of [1000, 4000]) {
    // Warm-up, untimed: the first messages at a new rate were slow for whichever contender went
    // first (the client's send loop compiling, the servers' code leaving the batched path).
    await atRate(opened, small, rate, 600, next);
    resetAll();
    const results = await atRate(opened, small, rate, 1800, next);
    results.forEach((result, i) => atRates[i].push({ rate, ...result }));
    resetAll();
  }
  const image = imageFrame(MB);
  await sequential(opened, image, 5, next, resetAll);
  const images = await sequential(opened, image, 40, next, resetAll);
  resetAll();
  return opened.map((_, i) => ({
    text: text[i],
    encrypted: encrypted[i],
    throughputPerSecond: throughput[i],
    atRates: atRates[i],
    image: images[i],
  }));
}

/** Each contender's order in round `round`: alternating, so none always goes first. */
function inTurn<T>(items: T[], round: number): [T, number][] {
  const indexed = items.map((item, i): [T, number] => [item, i]);
  return round % 2 === 0 ? indexed : indexed.reverse();
}

/** One message at a time, `count` per contender, taking turns message by message: each one's ms. */
async function sequential(
  opened: Opened[],
  frame: (tag: string) => string,
  count: number,
  next: () => number,
  between: () => void = () => undefined,
): Promise<number[][]> {
  const latencies: number[][] = opened.map(() => []);
  for (let n = 0; n < count; n++) {
    for (const [{ pair }, i] of inTurn(opened, n)) {
      latencies[i].push(await pair.time(next(), frame));
      settle();
    }
    if (n % 10 === 9) {
      between();
    }
  }
  return latencies;
}

/**
 * A moment for the server that answered to finish what it does after delivering (the chat
 * server seals and stores), so the next message, to either server, finds its CPU free.
 */
function settle(): void {
  const until = performance.now() + SETTLE_MS;
  while (performance.now() < until) {
    // a busy wait: timers cannot wait less than a millisecond
  }
}

/**
 * Runs `pass` for every contender, ROUNDS times, in alternating order; each contender's total
 * milliseconds in its passes.
 */
async function inRounds(opened: Opened[], pass: (pair: RelayPair, index: number) => Promise<void>): Promise<number[]> {
  const elapsed = opened.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [{ pair }, i] of inTurn(opened, round)) {
      const started = performance.now();
      await pass(pair, i);
      elapsed[i] += performance.now() - started;
    }
  }
  return elapsed;
}

/** Messages per second with up to `window` in flight, in rounds taken in turn. */
async function pipelined(
  opened: Opened[],
  frame: (tag: string) => string,
  count: number,
  window: number,
  next: () => number,
): Promise<number[]> {
  const perRound = Math.ceil(count / ROUNDS);
  const elapsed = await inRounds(opened, async (pair) => {
    let sent = 0;
    const worker = async (): Promise<void> => {
      while (sent < perRound) {
        sent++;
        await pair.time(next(), frame);
      }
    };
    await Promise.all(Array.from({ length: window }, worker));
  });
  return elapsed.map((ms) => ((perRound * ROUNDS) / ms) * 1000);
}

/**
 * Sends at a fixed rate for `durationMs` per contender, in rounds taken in turn, timing every
 * message. Each message leaves when it is due, checked every turn of the event loop (a timer
 * would wake once a millisecond and send what fell due in a burst).
 */
async function atRate(
  opened: Opened[],
  frame: (tag: string) => string,
  rate: number,
  durationMs: number,
  next: () => number,
): Promise<{ achieved: number; latencies: number[] }[]> {
  const latencies: number[][] = opened.map(() => []);
  const total = Math.round((rate * durationMs) / 1000 / ROUNDS);
  const elapsed = await inRounds(opened, async (pair, i) => {
    const timings: Promise<number>[] = [];
    const started = performance.now();
    while (timings.length < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
      while (timings.length < due) {
        timings.push(pair.time(next(), frame));
      }
      await nextTurn();
    }
    latencies[i].push(...(await Promise.all(timings)));
  });
  return latencies.map((measured, i) => ({
    achieved: (measured.length / elapsed[i]) * 1000,
    latencies: measured,
  }));
}
