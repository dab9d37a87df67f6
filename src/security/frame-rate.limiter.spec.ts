import { WebSocket } from 'ws';
import { ManualClock } from '../../test/support/manual-clock';
import { securitySettings } from '../../test/support/security-settings';
import { FrameRateLimiter } from './frame-rate.limiter';

describe('FrameRateLimiter', () => {
  let clock: ManualClock;
  let limiter: FrameRateLimiter;

  beforeEach(() => {
    clock = new ManualClock(0);
    limiter = new FrameRateLimiter(securitySettings({ frameRate: { frames: 3, windowSeconds: 60 } }), clock);
  });

  /** Moves the clock to `ms` (never backwards) and admits one frame there. */
  const admitAt = (socket: WebSocket, ms: number): string => {
    clock.advance(ms - clock.nowMs());
    return limiter.admit(socket);
  };
  const over = (socket: WebSocket, at: number): string[] => Array.from({ length: 5 }, () => admitAt(socket, at));

  it('allows the limit, refuses the first frame over it, then drops the rest, per socket', () => {
    const flooder = {} as WebSocket;
    const other = {} as WebSocket;
    const verdicts = Array.from({ length: 6 }, () => admitAt(flooder, 1000));
    expect(verdicts).toEqual(['allow', 'allow', 'allow', 'refuse', 'drop', 'drop']);
    expect(admitAt(other, 1000)).toBe('allow');
  });

  it('disconnects a connection over the limit in three windows in a row', () => {
    const flooder = {} as WebSocket;
    expect(over(flooder, 0)).toEqual(['allow', 'allow', 'allow', 'refuse', 'drop']);
    expect(over(flooder, 60_000)[3]).toBe('refuse');
    expect(over(flooder, 120_000)[3]).toBe('disconnect');
  });

  it('does not disconnect one that rests a window in between', () => {
    const bursty = {} as WebSocket;
    over(bursty, 0);
    over(bursty, 60_000);
    expect(over(bursty, 180_000)[3]).toBe('refuse');
  });

  it('disconnects a connection that sends ten times the limit in one window', () => {
    const socket = {} as WebSocket;
    const verdicts = Array.from({ length: 32 }, () => admitAt(socket, 0));
    expect(verdicts.slice(29)).toEqual(['drop', 'disconnect', 'drop']);
  });

  it('starts a fresh window when the last one has ended, and says when that is', () => {
    const socket = {} as WebSocket;
    for (let i = 0; i < 4; i++) {
      admitAt(socket, 0);
    }
    clock.advance(59_000);
    expect(limiter.msUntilNextWindow(socket)).toBe(1000);
    expect(admitAt(socket, 59_999)).toBe('drop');
    expect(admitAt(socket, 60_000)).toBe('allow');
  });
});
