/** A task waiting on the clock; cancelling one that already ran does nothing. */
export interface ScheduledTask {
  cancel(): void;
}

/**
 * The source of "now" and of every delay the rules wait for (deletion, presence, throttling),
 * so tests move time instead of waiting.
 */
export abstract class Clock {
  /** Milliseconds since the epoch: what a rule compares, without a Date to collect per frame. */
  abstract nowMs(): number;

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Runs `task` once `ms` have passed on this clock. Never keeps the process alive by itself. */
  abstract schedule(task: () => void, ms: number): ScheduledTask;
}

export class SystemClock extends Clock {
  nowMs(): number {
    return Date.now();
  }

  schedule(task: () => void, ms: number): ScheduledTask {
    const timer = setTimeout(task, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  }
}
