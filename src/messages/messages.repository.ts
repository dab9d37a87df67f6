import { StoredMessage } from './stored-message';

/** Where messages live; the injection token, so a test can swap the store. */
export abstract class MessagesRepository {
  abstract add(message: StoredMessage): void;
  abstract get(id: string): StoredMessage | undefined;
  /** Replaces the stored message with the same id, keeping its place in the order. */
  abstract update(message: StoredMessage): void;
  /**
   * Every message, oldest first, as a live iterator (a Map's): messages added while it is open
   * are visited, removed ones are not.
   */
  abstract all(): IterableIterator<StoredMessage>;
  abstract remove(id: string): boolean;
  /** Removes everything and says how many there were. */
  abstract clear(): number;
  abstract readonly count: number;
  /** Bytes of ciphertext held. */
  abstract readonly bytes: number;
  /** Bytes the held messages' content takes in frames (`StoredMessage.wireBytes`, summed). */
  abstract readonly wireBytes: number;
}
