import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { Observable, Subject } from 'rxjs';
import { Clock } from '../clock/clock';
import { ChatError } from '../common/chat.error';
import { messagesConfig } from '../config/messages.config';
import { CryptoService } from '../crypto/crypto.service';
import {
  ChatMessagePayload,
  MessageDeletedPayload,
  MessageDeliveredPayload,
  MessageEditedPayload,
  MessageReadPayload,
  MessageType,
  UserId,
} from '../protocol/events';
import { UsersService } from '../users/users.service';
import { secondsAfterRead } from './deletion-policy';
import { HistoryCursor } from './history-cursor';
import { MessagesRepository } from './messages.repository';
import { StoredMessage } from './stored-message';
import { measureText } from './wire-size';

/** Content as a client sent it: plain, or end-to-end ciphertext with its declared length. */
export interface MessageContent {
  content: string;
  /** True for end-to-end ciphertext; then `charCount` is the sender's count of the plaintext. */
  encrypted?: boolean;
  charCount?: number;
}

export interface NewMessage extends MessageContent {
  senderId: UserId;
  messageType: MessageType;
  /** Whether the receiver is connected now, so the message counts as delivered. */
  receiverConnected: boolean;
  clientId?: string;
}

export interface MessageEdit extends MessageContent {
  senderId: UserId;
  messageId: string;
  receiverConnected: boolean;
}

/** Only these can be edited: an image or GIF is replaced by sending a new one. */
const EDITABLE_TYPES: readonly MessageType[] = ['text', 'emoji'];

export interface ReadReceipt {
  receipt: MessageReadPayload;
  /** False when the message had been read before: nothing changed. */
  firstRead: boolean;
}

export interface HistoryOpening {
  /** The oldest messages, as many as fit the budget, decrypted. */
  messages: ChatMessagePayload[];
  /** How many live messages did not fit and are left for `rest`. */
  pending: number;
  /** The rest of the conversation, to be taken one message at a time. */
  rest: HistoryCursor;
}

export interface MessageStats {
  stored: number;
  unread: number;
  awaitingDeletion: number;
  deletedTotal: number;
  bytesHeld: number;
}

@Injectable()
export class MessagesService {
  private readonly deletions = new Subject<MessageDeletedPayload>();
  /** Messages whose time ran out, as the cleanup removes them. */
  readonly deletions$: Observable<MessageDeletedPayload> = this.deletions.asObservable();
  private deletedTotal = 0;
  /** `{sender}:{client_id}` to the id of the message it made, while that message is stored. */
  private readonly byClientId = new Map<string, string>();
  private lastTimestamp = { ms: Number.NaN, iso: '' };

  constructor(
    private readonly repository: MessagesRepository,
    private readonly crypto: CryptoService,
    private readonly users: UsersService,
    private readonly clock: Clock,
    @Inject(messagesConfig.KEY) private readonly config: ConfigType<typeof messagesConfig>,
  ) {}

  /**
   * Checks a new message against the limits, hands it to `deliver`, then seals and stores it:
   * the write to the sockets does not wait for the cipher. All of it runs before this returns,
   * so no other frame can find the message delivered but not stored.
   */
  send(
    { senderId, messageType, receiverConnected, clientId, ...content }: NewMessage,
    deliver: (message: ChatMessagePayload) => void = () => undefined,
  ): ChatMessagePayload {
    const unsealed: Omit<StoredMessage, 'token'> = {
      id: randomUUID(),
      senderId,
      receiverId: this.users.peerOf(senderId),
      messageType,
      ...this.check(content),
      createdAt: this.timestamp(),
      status: receiverConnected ? 'delivered' : 'sent',
      clientId,
    };
    const payload = this.toPayload(unsealed, content.content);
    deliver(payload);
    // The token first: spreading `unsealed` after a literal property is a fast clone, adding
    // a property after the spread took V8's slow path (~0.6 us a message).
    const message: StoredMessage = { token: this.crypto.encrypt(content.content), ...unsealed };
    this.repository.add(message);
    if (clientId !== undefined) {
      this.byClientId.set(clientKey(senderId, clientId), message.id);
    }
    return payload;
  }

  /** The stored message `senderId` already sent with `clientId`, if it is still stored. */
  findByClientId(senderId: UserId, clientId: string): ChatMessagePayload | undefined {
    const id = this.byClientId.get(clientKey(senderId, clientId));
    const message = id === undefined ? undefined : this.liveById(id);
    return message === undefined ? undefined : this.decrypted(message);
  }

  /**
   * New content for a text or emoji message, by its sender. The receiver has not seen it, so it
   * is unread again: its read and delete times are cleared until the next `message_read`.
   */
  edit({ senderId, messageId, receiverConnected, ...content }: MessageEdit): MessageEditedPayload {
    const message = this.findLive(messageId);
    if (message.senderId !== senderId) {
      throw new ChatError('not_sender', 'only the sender can edit a message');
    }
    if (!EDITABLE_TYPES.includes(message.messageType)) {
      throw new ChatError('not_editable', 'only text and emoji messages can be edited');
    }
    const editedAt = this.clock.now();
    const edited: StoredMessage = {
      ...message,
      ...this.check(content, message),
      token: this.crypto.encrypt(content.content),
      status: receiverConnected ? 'delivered' : 'sent',
      readAt: undefined,
      deleteAt: undefined,
      editedAt,
    };
    this.repository.update(edited);
    return {
      message_id: edited.id,
      content: content.content,
      char_count: edited.charCount,
      encrypted: edited.encrypted,
      edited_at: editedAt.toISOString(),
      status: edited.status,
    };
  }

  /** Deletes a message at once, read or not, for its sender. */
  unsend(senderId: UserId, messageId: string): MessageDeletedPayload {
    const message = this.findLive(messageId);
    if (message.senderId !== senderId) {
      throw new ChatError('not_sender', 'only the sender can delete a message');
    }
    this.remove(message);
    return { message_id: messageId, reason: 'unsent', deleted_by: senderId };
  }

  /** What the settings let a client know before it sends. */
  get requiresE2e(): boolean {
    return this.config.requireE2e;
  }

  get maxContentBytes(): number {
    return this.config.maxContentBytes;
  }

  /**
   * Checks content against the limits and says how it is counted. An edit gives the content it
   * `replaces` back to the storage cap, and takes no new place in the count.
   */
  private check(
    { content, encrypted = false, charCount }: MessageContent,
    replaces?: StoredMessage,
  ): Pick<StoredMessage, 'charCount' | 'wireBytes' | 'encrypted'> {
    if (this.config.requireE2e && !encrypted) {
      throw new ChatError('e2e_required', 'this server takes only end-to-end encrypted messages');
    }
    const { wireBytes, codePoints } = measureText(content);
    if (wireBytes > this.config.maxContentBytes) {
      throw new ChatError(
        'payload_too_large',
        `content is larger than the limit of ${this.config.maxContentBytes} bytes`,
      );
    }
    this.ensureRoomFor(wireBytes - (replaces?.wireBytes ?? 0), replaces === undefined);
    return {
      // End-to-end content is ciphertext: the deletion timer goes by the sender's count.
      charCount: encrypted ? (charCount ?? 1) : codePoints,
      wireBytes,
      encrypted,
    };
  }

  /** Marks what waited for `receiverId` as delivered, now that it has been pushed to them. */
  deliverPendingTo(receiverId: UserId): MessageDeliveredPayload[] {
    const deliveredAt = this.clock.now().toISOString();
    const delivered: MessageDeliveredPayload[] = [];
    for (const message of this.live()) {
      if (message.receiverId === receiverId && message.status === 'sent') {
        this.repository.update({ ...message, status: 'delivered' });
        delivered.push({ message_id: message.id, delivered_at: deliveredAt });
      }
    }
    return delivered;
  }

  markRead(readerId: UserId, messageId: string): ReadReceipt {
    const message = this.findLive(messageId);
    if (message.receiverId !== readerId) {
      throw new ChatError('not_receiver', 'only the receiver can mark a message as read');
    }
    if (message.readAt !== undefined) {
      return { receipt: receiptOf(message), firstRead: false };
    }
    const readAt = this.clock.now();
    const lifetimeMs = secondsAfterRead(message.charCount, this.config.deletion) * 1000;
    const read: StoredMessage = {
      ...message,
      status: 'read',
      readAt,
      deleteAt: new Date(readAt.getTime() + lifetimeMs),
    };
    this.repository.update(read);
    return { receipt: receiptOf(read), firstRead: true };
  }

  /**
   * The conversation for a connecting client, oldest first: as many messages as fit
   * `budgetBytes` of content now, and a cursor over the rest, so no single frame (and no
   * single turn of the event loop) has to hold the whole store.
   */
  openHistory(budgetBytes = this.config.historyBudgetBytes): HistoryOpening {
    const rest = new HistoryCursor(
      this.repository.all(),
      (id) => this.liveById(id),
      (message) => this.toPayload(message, this.crypto.decryptToBytes(message.token)),
    );
    const messages: ChatMessagePayload[] = [];
    let used = 0;
    for (let message = rest.nextStored(); message !== undefined; message = rest.nextStored()) {
      if (used + message.wireBytes > budgetBytes) {
        rest.putBack(message);
        break;
      }
      used += message.wireBytes;
      messages.push(this.decrypted(message));
    }
    return { messages, pending: this.stats().stored - messages.length, rest };
  }

  unreadCountFor(userId: UserId): number {
    let unread = 0;
    for (const message of this.live()) {
      if (message.receiverId === userId && message.readAt === undefined) {
        unread++;
      }
    }
    return unread;
  }

  clearAll(): number {
    const live = Array.from(this.live()).length;
    this.repository.clear();
    this.byClientId.clear();
    return live;
  }

  /** Now as ISO 8601 text: the messages of a burst, in one millisecond, share one string. */
  private timestamp(): string {
    const now = this.clock.nowMs();
    if (now !== this.lastTimestamp.ms) {
      this.lastTimestamp = { ms: now, iso: new Date(now).toISOString() };
    }
    return this.lastTimestamp.iso;
  }

  /** Drops every message past its `delete_at` and announces each on `deletions$`. */
  purgeExpired(): string[] {
    const now = this.clock.nowMs();
    const expired = Array.from(this.repository.all()).filter((message) => isExpired(message, now));
    for (const message of expired) {
      this.remove(message);
      this.deletions.next({ message_id: message.id, reason: 'expired' });
    }
    return expired.map((message) => message.id);
  }

  private remove(message: StoredMessage): void {
    this.repository.remove(message.id);
    if (message.clientId !== undefined) {
      this.byClientId.delete(clientKey(message.senderId, message.clientId));
    }
    this.deletedTotal++;
  }

  stats(): MessageStats {
    let stored = 0;
    let unread = 0;
    for (const message of this.live()) {
      stored++;
      if (message.readAt === undefined) {
        unread++;
      }
    }
    return {
      stored,
      unread,
      awaitingDeletion: stored - unread,
      deletedTotal: this.deletedTotal,
      bytesHeld: this.repository.bytes,
    };
  }

  /** Refuses a new message (or a larger edit) rather than evicting anything already stored. */
  private ensureRoomFor(addedWireBytes: number, isNewMessage: boolean): void {
    const { maxMessages, maxBytes } = this.config.storage;
    const full = isNewMessage && this.repository.count >= maxMessages;
    if (full || this.repository.wireBytes + addedWireBytes > maxBytes) {
      throw new ChatError('storage_full', 'the server holds as many messages as it may; read or clear some first');
    }
  }

  private findLive(messageId: string): StoredMessage {
    const message = this.liveById(messageId);
    if (message === undefined) {
      throw new ChatError('message_not_found', 'no such message');
    }
    return message;
  }

  /** The stored message as it is now, unless it is gone or past its `delete_at`. */
  private liveById(messageId: string): StoredMessage | undefined {
    const message = this.repository.get(messageId);
    return message === undefined || isExpired(message, this.clock.nowMs()) ? undefined : message;
  }

  /** Messages not yet past `delete_at`: one the cleanup has not reached is never served. */
  private *live(): Generator<StoredMessage> {
    const now = this.clock.nowMs();
    for (const message of this.repository.all()) {
      if (!isExpired(message, now)) {
        yield message;
      }
    }
  }

  private decrypted(message: StoredMessage): ChatMessagePayload {
    return this.toPayload(message, this.crypto.decrypt(message.token));
  }

  private toPayload<Content extends string | Buffer>(
    message: Omit<StoredMessage, 'token'>,
    content: Content,
  ): Omit<ChatMessagePayload, 'content'> & { content: Content } {
    return {
      id: message.id,
      sender_id: message.senderId,
      sender_name: this.users.nameOf(message.senderId),
      receiver_id: message.receiverId,
      content,
      message_type: message.messageType,
      status: message.status,
      created_at: message.createdAt,
      char_count: message.charCount,
      encrypted: message.encrypted,
      ...(message.readAt && message.deleteAt
        ? { read_at: message.readAt.toISOString(), delete_at: message.deleteAt.toISOString() }
        : {}),
      ...(message.editedAt ? { edited_at: message.editedAt.toISOString() } : {}),
      ...(message.clientId === undefined ? {} : { client_id: message.clientId }),
    };
  }
}

function clientKey(senderId: UserId, clientId: string): string {
  return `${senderId}:${clientId}`;
}

function isExpired(message: StoredMessage, now: number): boolean {
  return message.deleteAt !== undefined && message.deleteAt.getTime() <= now;
}

function receiptOf(message: StoredMessage): MessageReadPayload {
  return {
    message_id: message.id,
    read_at: (message.readAt as Date).toISOString(),
    delete_at: (message.deleteAt as Date).toISOString(),
  };
}
