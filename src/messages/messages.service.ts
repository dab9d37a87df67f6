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
  MessageDeliveredPayload,
  MessageReadPayload,
  MessageType,
  UserId,
} from '../protocol/events';
import { UsersService } from '../users/users.service';
import { countCodePoints, secondsAfterRead } from './deletion-policy';
import { HistoryCursor } from './history-cursor';
import { MessagesRepository } from './messages.repository';
import { StoredMessage } from './stored-message';
import { jsonStringBytes } from './wire-size';

export interface NewMessage {
  senderId: UserId;
  content: string;
  messageType: MessageType;
  /** Whether the receiver is connected now, so the message counts as delivered. */
  receiverConnected: boolean;
}

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
  private readonly deletions = new Subject<string>();
  /** Ids of messages whose time ran out, as the cleanup removes them. */
  readonly deletions$: Observable<string> = this.deletions.asObservable();
  private deletedTotal = 0;

  constructor(
    private readonly repository: MessagesRepository,
    private readonly crypto: CryptoService,
    private readonly users: UsersService,
    private readonly clock: Clock,
    @Inject(messagesConfig.KEY) private readonly config: ConfigType<typeof messagesConfig>,
  ) {}

  send({ senderId, content, messageType, receiverConnected }: NewMessage): ChatMessagePayload {
    const wireBytes = jsonStringBytes(content);
    if (wireBytes > this.config.maxContentBytes) {
      throw new ChatError(
        'payload_too_large',
        `content is larger than the limit of ${this.config.maxContentBytes} bytes`,
      );
    }
    this.ensureRoomFor(wireBytes);
    const token = this.crypto.encrypt(content);
    const message: StoredMessage = {
      id: randomUUID(),
      senderId,
      receiverId: this.users.peerOf(senderId),
      messageType,
      token,
      charCount: countCodePoints(content),
      wireBytes,
      createdAt: this.clock.now(),
      status: receiverConnected ? 'delivered' : 'sent',
    };
    this.repository.add(message);
    return this.toPayload(message, content);
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
      (message) => this.decrypted(message),
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
    return live;
  }

  /** Drops every message past its `delete_at` and announces each on `deletions$`. */
  purgeExpired(): string[] {
    const now = this.clock.now().getTime();
    const expired = Array.from(this.repository.all())
      .filter((message) => isExpired(message, now))
      .map((message) => message.id);
    for (const id of expired) {
      this.repository.remove(id);
      this.deletedTotal++;
      this.deletions.next(id);
    }
    return expired;
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

  /** Refuses a new message rather than evicting anything already stored. */
  private ensureRoomFor(wireBytes: number): void {
    const { maxMessages, maxBytes } = this.config.storage;
    if (this.repository.count >= maxMessages || this.repository.wireBytes + wireBytes > maxBytes) {
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
    return message === undefined || isExpired(message, this.clock.now().getTime()) ? undefined : message;
  }

  /** Messages not yet past `delete_at`: one the cleanup has not reached is never served. */
  private *live(): Generator<StoredMessage> {
    const now = this.clock.now().getTime();
    for (const message of this.repository.all()) {
      if (!isExpired(message, now)) {
        yield message;
      }
    }
  }

  private decrypted(message: StoredMessage): ChatMessagePayload {
    return this.toPayload(message, this.crypto.decrypt(message.token));
  }

  private toPayload(message: StoredMessage, content: string): ChatMessagePayload {
    return {
      id: message.id,
      sender_id: message.senderId,
      sender_name: this.users.nameOf(message.senderId),
      receiver_id: message.receiverId,
      content,
      message_type: message.messageType,
      status: message.status,
      created_at: message.createdAt.toISOString(),
      char_count: message.charCount,
      ...(message.readAt && message.deleteAt
        ? { read_at: message.readAt.toISOString(), delete_at: message.deleteAt.toISOString() }
        : {}),
    };
  }
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
