import { Clock } from '../../src/clock/clock';

/** A clock that moves only when told, so a 30-second rule is tested in milliseconds. */
export class ManualClock extends Clock {
  private current: number;

  constructor(start = Date.parse('2024-01-15T10:30:00.000Z')) {
    super();
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
