import { ChatMessagePayload } from '../protocol/events';
import { StoredMessage } from './stored-message';

/** A stored message as sent to a client, its content still the UTF-8 bytes it was sealed from. */
export type OpenedMessage = Omit<ChatMessagePayload, 'content'> & { content: Buffer };

/**
 * Walks the stored conversation oldest first, one message at a time, over the store's live
 * iterator: messages added after it opened are reached in order, and one deleted or expired
 * before it is reached is skipped. Content is decrypted only as each message is taken.
 */
export class HistoryCursor {
  private putBackMessage?: StoredMessage;

  constructor(
    private readonly stored: Iterator<StoredMessage>,
    /** The message as stored now; undefined once it is deleted or expired. */
    private readonly liveById: (id: string) => StoredMessage | undefined,
    private readonly open: (message: StoredMessage) => OpenedMessage,
  ) {}

  /** The next message still live, as sent to a client; undefined once the store is exhausted. */
  next(): OpenedMessage | undefined {
    const message = this.nextStored();
    return message === undefined ? undefined : this.open(message);
  }

  /** The next message still live, not yet decrypted. */
  nextStored(): StoredMessage | undefined {
    const putBack = this.putBackMessage && this.liveById(this.putBackMessage.id);
    this.putBackMessage = undefined;
    if (putBack !== undefined) {
      return putBack;
    }
    for (let step = this.stored.next(); step.done !== true; step = this.stored.next()) {
      const live = this.liveById(step.value.id);
      if (live !== undefined) {
        return live;
      }
    }
    return undefined;
  }

  /** Makes `message` (just taken with `nextStored`) the next one again. */
  putBack(message: StoredMessage): void {
    this.putBackMessage = message;
  }
}
