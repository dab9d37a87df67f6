import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { WebSocket } from 'ws';
import { securityConfig } from '../config/security.config';

/**
 * `allow`: handle the frame. `refuse`: the first frame over the limit in this window; answer it
 * with `rate_limited`. `drop`: later ones in the same window; answering each would let a flood
 * make the server flood back.
 */
export type FrameVerdict = 'allow' | 'refuse' | 'drop';

/** At most RATE_LIMIT_FRAMES frames per RATE_LIMIT_WINDOW_SECONDS on each connection. */
@Injectable()
export class FrameRateLimiter {
  private readonly limiter: RateLimiterMemory;
  private readonly keys = new WeakMap<WebSocket, string>();
  private nextKey = 0;

  constructor(@Inject(securityConfig.KEY) private readonly config: ConfigType<typeof securityConfig>) {
    this.limiter = new RateLimiterMemory({
      keyPrefix: 'frames',
      points: config.frameRate.frames,
      duration: config.frameRate.windowSeconds,
    });
  }

  async admit(socket: WebSocket): Promise<FrameVerdict> {
    try {
      await this.limiter.consume(this.keyOf(socket));
      return 'allow';
    } catch (rejected) {
      const { consumedPoints } = rejected as RateLimiterRes;
      return consumedPoints === this.config.frameRate.frames + 1 ? 'refuse' : 'drop';
    }
  }

  private keyOf(socket: WebSocket): string {
    let key = this.keys.get(socket);
    if (key === undefined) {
      key = String(this.nextKey++);
      this.keys.set(socket, key);
    }
    return key;
  }
}
