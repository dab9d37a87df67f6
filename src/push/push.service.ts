import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { sendNotification, WebPushError } from 'web-push';
import { Clock } from '../clock/clock';
import { ChatError } from '../common/chat.error';
import { pushConfig } from '../config/push.config';
import { PushSubscribeRequest as PushSubscription, UserId } from '../protocol/events';

/** The newest subscriptions a user keeps (phone, laptop, ...). */
const MAX_SUBSCRIPTIONS_PER_USER = 5;
/** Says only that something came: no content, no name, no id. */
const PAYLOAD = JSON.stringify({ type: 'new_message' });
const TTL_SECONDS = 60 * 60;
/**
 * One notice per device in this time is enough to say "something came": a burst of messages (or
 * a token holder sending as fast as the rate limit allows) makes one request, not hundreds.
 */
const MIN_INTERVAL_MS = 10_000;

/**
 * Web Push (RFC 8030/8291/8292) to a user who is not online, so a phone says a message came
 * even with the app closed. Subscriptions live in memory only; a push service's 404 or 410
 * forgets one; only endpoints on PUSH_ALLOWED_HOSTS are taken, so no client can make the
 * server send requests anywhere else.
 */
@Injectable()
export class PushService implements OnApplicationBootstrap {
  private readonly logger = new Logger(PushService.name);
  private readonly subscriptions = new Map<UserId, PushSubscription[]>();
  /** When each endpoint was last sent a push. */
  private readonly lastPushed = new Map<string, number>();

  constructor(
    @Inject(pushConfig.KEY) private readonly config: ConfigType<typeof pushConfig>,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.vapid === undefined) {
      this.logger.log('Web Push is off: set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT to turn it on.');
    }
  }

  /** The key browsers subscribe with, when Web Push is on. */
  get publicKey(): string | undefined {
    return this.config.vapid?.publicKey;
  }

  subscribe(userId: UserId, subscription: PushSubscription): void {
    if (this.config.vapid === undefined) {
      throw new ChatError('invalid_payload', 'Web Push is not configured on this server');
    }
    if (!this.isAllowed(subscription.endpoint)) {
      throw new ChatError('invalid_payload', 'endpoint must be an https: URL of a known push service');
    }
    const kept = (this.subscriptions.get(userId) ?? []).filter((known) => known.endpoint !== subscription.endpoint);
    const all = [...kept, subscription];
    all.slice(0, -MAX_SUBSCRIPTIONS_PER_USER).forEach((dropped) => this.lastPushed.delete(dropped.endpoint));
    this.subscriptions.set(userId, all.slice(-MAX_SUBSCRIPTIONS_PER_USER));
  }

  unsubscribe(userId: UserId, endpoint: string): void {
    this.lastPushed.delete(endpoint);
    this.subscriptions.set(
      userId,
      (this.subscriptions.get(userId) ?? []).filter((known) => known.endpoint !== endpoint),
    );
  }

  subscriptionCount(userId: UserId): number {
    return this.subscriptions.get(userId)?.length ?? 0;
  }

  /** Tells each of the user's devices that a message came; never waits, never throws. */
  notify(userId: UserId): void {
    const vapid = this.config.vapid;
    if (vapid === undefined) {
      return;
    }
    const now = this.clock.nowMs();
    for (const subscription of this.subscriptions.get(userId) ?? []) {
      if (now - (this.lastPushed.get(subscription.endpoint) ?? -Infinity) < MIN_INTERVAL_MS) {
        continue;
      }
      this.lastPushed.set(subscription.endpoint, now);
      sendNotification(subscription, PAYLOAD, { vapidDetails: vapid, TTL: TTL_SECONDS, timeout: 10_000 }).catch(
        (error: unknown) => {
          const status = error instanceof WebPushError ? error.statusCode : undefined;
          if (status === 404 || status === 410) {
            this.unsubscribe(userId, subscription.endpoint); // the browser dropped it
          } else {
            // Not the endpoint: it identifies the device to its push service.
            this.logger.warn(`A push was not delivered (${status ?? 'no answer'})`);
          }
        },
      );
    }
  }

  private isAllowed(endpoint: string): boolean {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return false;
    }
    const host = url.host.toLowerCase();
    return (
      url.protocol === 'https:' &&
      url.username === '' &&
      this.config.allowedHosts.some((allowed) =>
        // A wildcard names push services, which listen on https's own port; another port is listed as host:port.
        allowed.startsWith('*.') ? url.port === '' && url.hostname.endsWith(allowed.slice(1)) : allowed === host,
      )
    );
  }
}
