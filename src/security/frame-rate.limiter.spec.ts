import { WebSocket } from 'ws';
import { securitySettings } from '../../test/support/security-settings';
import { FrameRateLimiter } from './frame-rate.limiter';

describe('FrameRateLimiter', () => {
  const limiter = new FrameRateLimiter(securitySettings({ frameRate: { frames: 3, windowSeconds: 60 } }));

  it('allows the limit, refuses the first frame over it, then drops the rest, per socket', () => {
    const flooder = {} as WebSocket;
    const other = {} as WebSocket;
    const verdicts = Array.from({ length: 6 }, () => limiter.admit(flooder, 1000));
    expect(verdicts).toEqual(['allow', 'allow', 'allow', 'refuse', 'drop', 'drop']);
    expect(limiter.admit(other, 1000)).toBe('allow');
  });

  it('disconnects a connection over the limit in three windows in a row, not one that rests', () => {
    const over = (socket: WebSocket, at: number): string[] =>
      Array.from({ length: 5 }, () => limiter.admit(socket, at));
    const flooder = {} as WebSocket;
    expect(over(flooder, 0)).toEqual(['allow', 'allow', 'allow', 'refuse', 'drop']);
    expect(over(flooder, 60_000)[3]).toBe('refuse');
    expect(over(flooder, 120_000)[3]).toBe('disconnect');

    const bursty = {} as WebSocket;
    over(bursty, 0);
    over(bursty, 60_000);
    expect(over(bursty, 180_000)[3]).toBe('refuse'); // a quiet window in between
  });

  it('disconnects a connection that sends ten times the limit in one window', () => {
    const socket = {} as WebSocket;
    const verdicts = Array.from({ length: 32 }, () => limiter.admit(socket, 0));
    expect(verdicts.slice(29)).toEqual(['drop', 'disconnect', 'drop']);
  });

  it('starts a fresh window when the last one has ended, and says when that is', () => {
    const socket = {} as WebSocket;
    for (let i = 0; i < 4; i++) {
      limiter.admit(socket, 0);
    }
    expect(limiter.msUntilNextWindow(socket, 59_000)).toBe(1000);
    expect(limiter.admit(socket, 59_999)).toBe('drop');
    expect(limiter.admit(socket, 60_000)).toBe('allow');
  });
});
