import { WebSocket } from 'ws';
import { securitySettings } from '../../test/support/security-settings';
import { FrameRateLimiter } from './frame-rate.limiter';

describe('FrameRateLimiter', () => {
  const limiter = new FrameRateLimiter(securitySettings({ frameRate: { frames: 3, windowSeconds: 60 } }));

  it('allows the limit, refuses the first frame over it, then drops the rest, per socket', async () => {
    const flooder = {} as WebSocket;
    const other = {} as WebSocket;
    const verdicts = [];
    for (let i = 0; i < 6; i++) {
      verdicts.push(await limiter.admit(flooder));
    }
    expect(verdicts).toEqual(['allow', 'allow', 'allow', 'refuse', 'drop', 'drop']);
    await expect(limiter.admit(other)).resolves.toBe('allow');
  });
});
