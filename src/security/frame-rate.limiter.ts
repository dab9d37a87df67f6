import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { WebSocket } from 'ws';
import { Clock } from '../clock/clock';
import { securityConfig } from '../config/security.config';

/**
 * `allow`: handle the frame. `refuse`: the first frame over the limit in this window; answer it
 * with `rate_limited`. `drop`: later ones in the same window; answering each would let a flood
 * make the server flood back. `disconnect`: over the limit in FLOOD_WINDOWS windows in a row, or
 * FLOOD_MULTIPLE times the limit read in one window, is no burst but a flood, and even reading it
 * costs the other user; the connection is closed.
 */
export type FrameVerdict = 'allow' | 'refuse' | 'drop' | 'disconnect';

const FLOOD_WINDOWS = 3;
const FLOOD_MULTIPLE = 10;

interface Window {
  startedAt: number;
  frames: number;
  /** How many windows in a row, before this one, went over the limit. */
  overInARow: number;
}

/**
 * At most RATE_LIMIT_FRAMES frames per RATE_LIMIT_WINDOW_SECONDS on each connection: a fixed
 * window counted synchronously, since it runs for every frame (the failed-login throttle, off the
 * hot path, uses rate-limiter-flexible).
 */
@Injectable()
export class FrameRateLimiter {
  private readonly windows = new WeakMap<WebSocket, Window>();
  private readonly windowMs: number;

  constructor(
    @Inject(securityConfig.KEY) private readonly config: ConfigType<typeof securityConfig>,
    private readonly clock: Clock,
  ) {
    this.windowMs = config.frameRate.windowSeconds * 1000;
  }

  admit(socket: WebSocket): FrameVerdict {
    const now = this.clock.nowMs();
    const limit = this.config.frameRate.frames;
    let window = this.windows.get(socket);
    if (window === undefined) {
      window = { startedAt: now, frames: 0, overInARow: 0 };
      this.windows.set(socket, window);
    } else if (now - window.startedAt >= this.windowMs) {
      const adjacent = now - window.startedAt < 2 * this.windowMs;
      window.overInARow = adjacent && window.frames > limit ? window.overInARow + 1 : 0;
      window.startedAt = now;
      window.frames = 0;
    }
    window.frames++;
    if (window.frames <= limit) {
      return 'allow';
    }
    if (window.frames === limit + 1) {
      return window.overInARow + 1 >= FLOOD_WINDOWS ? 'disconnect' : 'refuse';
    }
    return window.frames === limit * FLOOD_MULTIPLE + 1 ? 'disconnect' : 'drop';
  }

  /** Milliseconds until the socket's current window ends and it may send again. */
  msUntilNextWindow(socket: WebSocket): number {
    const window = this.windows.get(socket);
    return window === undefined ? 0 : Math.max(0, window.startedAt + this.windowMs - this.clock.nowMs());
  }
}
