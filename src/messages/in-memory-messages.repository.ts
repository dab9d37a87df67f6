import { Injectable } from '@nestjs/common';
import { MessagesRepository } from './messages.repository';
import { StoredMessage } from './stored-message';

/** A Map keeps insertion order, which is creation order: history needs no sort. */
@Injectable()
export class InMemoryMessagesRepository extends MessagesRepository {
  private readonly messages = new Map<string, StoredMessage>();
  private heldBytes = 0;
  private heldWireBytes = 0;

  add(message: StoredMessage): void {
    this.messages.set(message.id, message);
    this.heldBytes += message.token.length;
    this.heldWireBytes += message.wireBytes;
  }

  get(id: string): StoredMessage | undefined {
    return this.messages.get(id);
  }

  update(message: StoredMessage): void {
    const stored = this.messages.get(message.id);
    if (stored === undefined) {
      return;
    }
    this.heldBytes += message.token.length - stored.token.length;
    this.heldWireBytes += message.wireBytes - stored.wireBytes;
    this.messages.set(message.id, message);
  }

  all(): IterableIterator<StoredMessage> {
    return this.messages.values();
  }

  remove(id: string): boolean {
    const message = this.messages.get(id);
    if (message === undefined) {
      return false;
    }
    this.messages.delete(id);
    this.heldBytes -= message.token.length;
    this.heldWireBytes -= message.wireBytes;
    return true;
  }

  clear(): number {
    const count = this.messages.size;
    this.messages.clear();
    this.heldBytes = 0;
    this.heldWireBytes = 0;
    return count;
  }

  get count(): number {
    return this.messages.size;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  get wireBytes(): number {
    return this.heldWireBytes;
  }
}
