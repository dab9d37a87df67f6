import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { createHash, timingSafeEqual } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { Clock } from '../clock/clock';
import { securityConfig } from '../config/security.config';
import { UserId } from '../protocol/events';
import { UsersService } from '../users/users.service';
import { clientAddress, networkKey } from './client-address';
import { normalizeOrigin } from './origin';

export type UpgradeVerdict = { allowed: true } | { allowed: false; status: 401 | 403 | 429 };
export type BearerVerdict = { allowed: true } | { allowed: false; status: 401 | 429 };

/**
 * Who may open a chat socket: the origin must be allowed, and (once tokens are configured) the
 * token must be the one of the user in the path. Addresses that keep failing are refused for a
 * while; a success clears its address's count, and other addresses are never affected.
 */
@Injectable()
export class AccessService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AccessService.name);
  private readonly failures: RateLimiterMemory;
  /** Users disconnected for flooding, and when they may come back. */
  private readonly floodCooldowns = new Map<UserId, number>();

  constructor(
    @Inject(securityConfig.KEY) private readonly config: ConfigType<typeof securityConfig>,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {
    this.failures = new RateLimiterMemory({
      keyPrefix: 'auth-failures',
      points: config.authFailures.max,
      duration: config.authFailures.windowSeconds,
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.trustsProxyOutsideProduction) {
      this.logger.warn(
        'TRUST_PROXY_HOPS is set outside production: X-Forwarded-For is believed, so a client that ' +
          'reaches this server directly can dodge the login throttle or lock out any address. Set it ' +
          'only where the server is reachable solely through that proxy (as on Railway).',
      );
    }
    if (this.isOpen) {
      this.logger.warn(
        'USER_1_TOKEN and USER_2_TOKEN are not set: anyone who can reach this server can join as ' +
          'either user. Set both before exposing it (they are required when NODE_ENV=production).',
      );
    }
  }

  get isOpen(): boolean {
    return this.config.tokens === undefined;
  }

  async checkUpgrade(request: IncomingMessage): Promise<UpgradeVerdict> {
    const origin = request.headers.origin;
    const origins = this.config.allowedOrigins;
    if (origin !== undefined && origins.length > 0 && !origins.includes(normalizeOrigin(origin) ?? '')) {
      return { allowed: false, status: 403 };
    }
    const userId = this.users.idFromUrl(request.url);
    if (userId !== undefined && (this.floodCooldowns.get(userId) ?? 0) > this.clock.nowMs()) {
      return { allowed: false, status: 429 };
    }
    if (this.isOpen) {
      return { allowed: true };
    }
    return this.throttled(request, () => userId !== undefined && this.tokenMatches(userId, presentedToken(request)));
  }

  /** A REST caller with `Authorization: Bearer <a user's token>`, under the same throttle as upgrades. */
  async checkBearer(request: IncomingMessage): Promise<BearerVerdict> {
    if (this.isOpen) {
      return { allowed: true };
    }
    const token = bearerToken(request.headers.authorization);
    return this.throttled(request, () => this.users.ids.some((id) => this.tokenMatches(id, token)));
  }

  /** Keeps the user of a connection closed for flooding out for FLOOD_COOLDOWN_SECONDS. */
  coolDownAfterFlood(request: IncomingMessage): void {
    const userId = this.users.idFromUrl(request.url);
    if (userId !== undefined) {
      this.floodCooldowns.set(userId, this.clock.nowMs() + this.config.floodCooldownMs);
    }
  }

  /**
   * An address that failed too often is refused whatever it presents; a success clears its
   * count, a failure adds to it.
   */
  private async throttled(request: IncomingMessage, presentsValidToken: () => boolean): Promise<BearerVerdict> {
    const address = networkKey(clientAddress(request, this.config.trustProxyHops));
    if (await this.isBlocked(address)) {
      return { allowed: false, status: 429 };
    }
    if (presentsValidToken()) {
      await this.failures.delete(address);
      return { allowed: true };
    }
    await this.recordFailure(address);
    return { allowed: false, status: 401 };
  }

  private tokenMatches(userId: UserId, presented: string | undefined): boolean {
    const expected = this.config.tokens?.[userId];
    if (expected === undefined || presented === undefined) {
      return false;
    }
    // Equal-length digests, so the comparison takes the same time whatever was presented.
    return timingSafeEqual(digest(presented), digest(expected));
  }

  private async recordFailure(address: string): Promise<void> {
    const { max, blockSeconds } = this.config.authFailures;
    const record = await this.failures.consume(address).catch((rejected: RateLimiterRes) => rejected);
    if (record.consumedPoints >= max) {
      await this.failures.block(address, blockSeconds);
    }
  }

  private async isBlocked(address: string): Promise<boolean> {
    const record = await this.failures.get(address);
    return record !== null && record.consumedPoints >= this.config.authFailures.max;
  }
}

function presentedToken(request: IncomingMessage): string | undefined {
  const fromQuery = new URL(request.url ?? '/', 'ws://localhost').searchParams.get('token');
  return fromQuery ?? bearerToken(request.headers.authorization);
}

function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1];
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
