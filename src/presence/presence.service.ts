import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Observable, Subject } from 'rxjs';
import { Clock, ScheduledTask } from '../clock/clock';
import { presenceConfig } from '../config/presence.config';
import { PeerView, PresenceStatus, UserId } from '../protocol/events';
import { UsersService } from '../users/users.service';

interface UserPresence {
  connected: boolean;
  tabActive: boolean;
  idle: boolean;
  typing: boolean;
  /** Last activity while connected, or the moment of disconnect (epoch milliseconds). */
  lastSeenMs?: number;
  idleTimer?: ScheduledTask;
  typingTimer?: ScheduledTask;
}

export interface TypingChange {
  userId: UserId;
  typing: boolean;
}

/**
 * online / away / offline for each user, and who is typing. Every change is announced on
 * `statusChanges$` / `typingChanges$` for the transport to push to the peer.
 */
@Injectable()
export class PresenceService implements OnModuleDestroy {
  private readonly statusChanges = new Subject<PeerView>();
  private readonly typingChanges = new Subject<TypingChange>();
  readonly statusChanges$: Observable<PeerView> = this.statusChanges.asObservable();
  readonly typingChanges$: Observable<TypingChange> = this.typingChanges.asObservable();
  private readonly state = new Map<UserId, UserPresence>();

  constructor(
    private readonly users: UsersService,
    private readonly clock: Clock,
    @Inject(presenceConfig.KEY) private readonly config: ConfigType<typeof presenceConfig>,
  ) {
    for (const id of users.ids) {
      this.state.set(id, { connected: false, tabActive: false, idle: false, typing: false });
    }
  }

  view(userId: UserId): PeerView {
    const presence = this.presenceOf(userId);
    return {
      user_id: userId,
      user_name: this.users.nameOf(userId),
      status: statusOf(presence),
      is_tab_active: isTabActive(presence),
      last_seen: presence.lastSeenMs === undefined ? null : new Date(presence.lastSeenMs).toISOString(),
    };
  }

  isConnected(userId: UserId): boolean {
    return this.presenceOf(userId).connected;
  }

  isOnline(userId: UserId): boolean {
    return statusOf(this.presenceOf(userId)) === 'online';
  }

  connectedCount(): number {
    return Array.from(this.state.values()).filter((presence) => presence.connected).length;
  }

  connect(userId: UserId): void {
    this.change(userId, (presence) => {
      presence.connected = true;
      presence.tabActive = true;
      this.markActive(userId, presence);
    });
  }

  disconnect(userId: UserId): void {
    this.stopTyping(userId);
    this.change(userId, (presence) => {
      presence.connected = false;
      presence.tabActive = false;
      presence.lastSeenMs = this.clock.nowMs();
      presence.idleTimer?.cancel();
      presence.idleTimer = undefined;
    });
  }

  setTabActive(userId: UserId, active: boolean): void {
    this.change(userId, (presence) => {
      presence.tabActive = active;
      if (active) {
        this.markActive(userId, presence);
      }
    });
  }

  /** User activity: a message, a read, typing. Heartbeats are not activity. */
  recordActivity(userId: UserId): void {
    this.change(userId, (presence) => this.markActive(userId, presence));
  }

  startTyping(userId: UserId): void {
    this.recordActivity(userId);
    const presence = this.presenceOf(userId);
    presence.typing = true;
    presence.typingTimer?.cancel();
    presence.typingTimer = this.clock.schedule(() => this.stopTyping(userId), this.config.typingTimeoutMs);
    this.typingChanges.next({ userId, typing: true });
  }

  stopTyping(userId: UserId): void {
    const presence = this.presenceOf(userId);
    presence.typingTimer?.cancel();
    if (presence.typing) {
      presence.typing = false;
      this.typingChanges.next({ userId, typing: false });
    }
  }

  onModuleDestroy(): void {
    for (const presence of this.state.values()) {
      presence.idleTimer?.cancel();
      presence.typingTimer?.cancel();
    }
  }

  private markActive(userId: UserId, presence: UserPresence): void {
    presence.idle = false;
    presence.lastSeenMs = this.clock.nowMs();
    presence.idleTimer ??= this.idleAfter(userId, presence, this.config.inactivityTimeoutMs);
  }

  /**
   * Marks the user idle once a whole timeout has passed since their last activity. Activity only
   * moves `lastSeenMs`; the timer, when it fires early, waits out the rest: one timer per quiet
   * spell instead of a new one for every message.
   */
  private idleAfter(userId: UserId, presence: UserPresence, ms: number): ScheduledTask {
    return this.clock.schedule(() => {
      const lastActive = presence.lastSeenMs ?? 0;
      const rest = lastActive + this.config.inactivityTimeoutMs - this.clock.nowMs();
      if (rest > 0) {
        presence.idleTimer = this.idleAfter(userId, presence, rest);
        return;
      }
      presence.idleTimer = undefined;
      this.change(userId, (idlePresence) => (idlePresence.idle = true));
    }, ms);
  }

  /** Applies a mutation and announces the user's presence if what the peer sees changed. */
  private change(userId: UserId, mutate: (presence: UserPresence) => void): void {
    const presence = this.presenceOf(userId);
    const statusBefore = statusOf(presence);
    const tabBefore = isTabActive(presence);
    mutate(presence);
    // Every message counts as activity: the view is built only when there is news for the peer.
    if (statusOf(presence) !== statusBefore || isTabActive(presence) !== tabBefore) {
      this.statusChanges.next(this.view(userId));
    }
  }

  private presenceOf(userId: UserId): UserPresence {
    return this.state.get(userId) as UserPresence;
  }
}

/** What the peer is told of the tab: a disconnected user has none. */
function isTabActive(presence: UserPresence): boolean {
  return presence.connected && presence.tabActive;
}

function statusOf(presence: UserPresence): PresenceStatus {
  if (!presence.connected) {
    return 'offline';
  }
  return presence.tabActive && !presence.idle ? 'online' : 'away';
}
