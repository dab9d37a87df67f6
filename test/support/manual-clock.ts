import { Clock, ScheduledTask } from '../../src/clock/clock';

interface Pending {
  at: number;
  task: () => void;
  cancelled: boolean;
}

/** A clock that moves only when told, so a 30-second rule is tested in milliseconds. */
export class ManualClock extends Clock {
  private current: number;
  private pending: Pending[] = [];

  constructor(start = Date.parse('2024-01-15T10:30:00.000Z')) {
    super();
    this.current = start;
  }

  nowMs(): number {
    return this.current;
  }

  schedule(task: () => void, ms: number): ScheduledTask {
    const entry: Pending = { at: this.current + ms, task, cancelled: false };
    this.pending.push(entry);
    return { cancel: () => (entry.cancelled = true) };
  }

  /** Moves time on by `ms`, running every task that falls due, in the order they fall due. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.pending.filter((entry) => !entry.cancelled && entry.at <= target).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) {
        break;
      }
      this.current = Math.max(this.current, due.at);
      due.cancelled = true;
      due.task();
    }
    this.pending = this.pending.filter((entry) => !entry.cancelled);
    this.current = target;
  }
}
