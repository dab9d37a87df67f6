import { UserId } from '../../protocol/events';
import { renderMessage, ShownMessage, updateContent, updateMeta } from './message-view';

/** Within this many pixels of the end, the list counts as showing the newest message. */
const AT_END_PX = 80;
const DAY_MS = 86_400_000;

export interface MessageListHooks {
  /** Who this page is (it changes when someone else joins on the same page). */
  me(): UserId;
  /** The server's clock as this device reckons it. */
  now(): number;
  /** A message to me has been seen; true if the read receipt went out. */
  seen(id: string): boolean;
  /** The number of messages to me not yet read may have changed. */
  unreadChanged(count: number): void;
}

/**
 * The conversation as shown: one item per message in the order they came, a separator where the
 * day changes, "Jump to newest" instead of scrolling away from what is being read, and read
 * receipts for messages to me once they are in view in a visible tab.
 */
export class MessageList {
  private readonly shown = new Map<string, ShownMessage>();
  /** The day of the last message shown, for the separators between days. */
  private lastDay: string | undefined;
  private readonly readObserver: IntersectionObserver;

  constructor(
    private readonly list: HTMLOListElement,
    private readonly empty: HTMLElement,
    private readonly jump: HTMLButtonElement,
    private readonly hooks: MessageListHooks,
  ) {
    this.readObserver = new IntersectionObserver(
      (entries) =>
        entries
          .filter((entry) => entry.isIntersecting)
          .forEach((entry) => this.markSeen((entry.target as HTMLElement).dataset.id ?? '')),
      { root: list, threshold: 0.6 },
    );
    list.addEventListener('scroll', () => {
      if (this.atEnd()) {
        jump.hidden = true;
      }
    });
    jump.addEventListener('click', () => {
      list.scrollTop = list.scrollHeight;
      jump.hidden = true;
    });
  }

  get(id: string): ShownMessage | undefined {
    return this.shown.get(id);
  }

  get size(): number {
    return this.shown.size;
  }

  /** Every message shown, oldest first. */
  all(): ShownMessage[] {
    return [...this.shown.values()];
  }

  /**
   * Shows a message at the end, or in place if it is already shown (a resend answered).
   * True if it is new here.
   */
  add(message: ShownMessage): boolean {
    const existing = this.itemOf(message.id);
    this.shown.set(message.id, message);
    if (existing) {
      updateContent(existing, message, this.hooks.me(), this.hooks.now());
      return false;
    }
    const wasAtEnd = this.atEnd();
    const day = new Date(message.created_at).toDateString();
    if (day !== this.lastDay) {
      this.list.append(this.daySeparator(message.created_at));
      this.lastDay = day;
    }
    const item = renderMessage(message, this.hooks.me(), this.hooks.now());
    this.list.append(item);
    this.empty.hidden = true;
    // Reading older messages is not interrupted: a new one waits behind "Jump to newest".
    if (wasAtEnd || message.sender_id === this.hooks.me()) {
      item.scrollIntoView({ block: 'end' });
    } else {
      this.jump.hidden = false;
    }
    if (this.isUnreadToMe(message)) {
      this.readObserver.observe(item);
    }
    this.countUnread();
    return true;
  }

  /** New content for a shown message (an edit, or the key changed); it may be unread again. */
  replace(message: ShownMessage): void {
    this.shown.set(message.id, message);
    const item = this.itemOf(message.id);
    if (item) {
      updateContent(item, message, this.hooks.me(), this.hooks.now());
      if (message.receiver_id === this.hooks.me()) {
        this.readObserver.unobserve(item);
        this.readObserver.observe(item);
      }
    }
    this.countUnread();
  }

  /** Delivery and read state, as the server reports it. */
  update(id: string, changes: Partial<ShownMessage>): void {
    const message = this.shown.get(id);
    if (message === undefined) {
      return;
    }
    Object.assign(message, changes);
    const item = this.itemOf(id);
    if (item) {
      updateMeta(item, message, this.hooks.me(), this.hooks.now());
    }
    this.countUnread();
  }

  /** Takes a message away, and its day's separator with the day's last message. */
  remove(id: string): void {
    this.shown.delete(id);
    const item = this.itemOf(id);
    const before = item?.previousElementSibling;
    item?.remove();
    if (before?.classList.contains('day') === true && before.nextElementSibling?.matches('li[data-id]') !== true) {
      before.remove();
    }
    const last = this.all().pop();
    this.lastDay = last === undefined ? undefined : new Date(last.created_at).toDateString();
    this.empty.hidden = this.shown.size > 0;
    this.countUnread();
  }

  clear(): void {
    this.shown.clear();
    this.list.replaceChildren();
    this.lastDay = undefined;
    this.empty.hidden = false;
    this.jump.hidden = true;
    this.countUnread();
  }

  /** An item that is not a message (one waiting in the outbox), after the messages. */
  append(item: HTMLElement): void {
    this.list.append(item);
  }

  /** Moves the countdowns of read messages on. */
  tick(): void {
    const now = this.hooks.now();
    for (const item of this.list.children) {
      const message = this.shown.get((item as HTMLElement).dataset.id ?? '');
      if (message?.delete_at) {
        updateMeta(item as HTMLElement, message, this.hooks.me(), now);
      }
    }
  }

  /** Looks again for unread messages in view: the tab has just become visible. */
  lookForUnread(): void {
    for (const item of this.list.children) {
      const message = this.shown.get((item as HTMLElement).dataset.id ?? '');
      if (message && this.isUnreadToMe(message)) {
        this.readObserver.unobserve(item);
        this.readObserver.observe(item);
      }
    }
  }

  /** Read means seen: the message is in view while the tab is visible. */
  private markSeen(id: string): void {
    const message = this.shown.get(id);
    if (document.visibilityState !== 'visible' || message === undefined || message.read_at) {
      return;
    }
    const item = this.itemOf(id);
    if (this.hooks.seen(id) && item) {
      this.readObserver.unobserve(item);
    }
  }

  private isUnreadToMe(message: ShownMessage): boolean {
    return message.receiver_id === this.hooks.me() && !message.read_at;
  }

  /** Messages to me not yet read: in the title and on the icon. */
  private countUnread(): void {
    let unread = 0;
    this.shown.forEach((message) => (unread += this.isUnreadToMe(message) ? 1 : 0));
    this.hooks.unreadChanged(unread);
  }

  private itemOf(id: string): HTMLElement | null {
    return this.list.querySelector<HTMLElement>(`li[data-id="${CSS.escape(id)}"]`);
  }

  private atEnd(): boolean {
    return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < AT_END_PX;
  }

  private daySeparator(createdAt: string): HTMLLIElement {
    const separator = document.createElement('li');
    separator.className = 'day';
    const date = new Date(createdAt).toDateString();
    const now = this.hooks.now();
    separator.textContent =
      date === new Date(now).toDateString()
        ? 'Today'
        : date === new Date(now - DAY_MS).toDateString()
          ? 'Yesterday'
          : new Date(createdAt).toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long' });
    return separator;
  }
}
