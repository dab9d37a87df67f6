import { SealedContent } from '../crypto/crypto.service';
import { MessageStatus, MessageType, UserId } from '../protocol/events';

/** A message as held in RAM: the content exists only as a Fernet token. Changed only by replacing it. */
export interface StoredMessage {
  readonly id: string;
  readonly senderId: UserId;
  readonly receiverId: UserId;
  readonly messageType: MessageType;
  readonly token: SealedContent;
  readonly charCount: number;
  /** Bytes the content takes in a frame, JSON escapes included: what the storage cap counts. */
  readonly wireBytes: number;
  /** ISO 8601, the form every frame sends it in. */
  readonly createdAt: string;
  /** End-to-end ciphertext: the token wraps content the server cannot read. */
  readonly encrypted: boolean;
  readonly editedAt?: Date;
  /** The sender's own id for it, so a resend after a reconnect creates nothing new. */
  readonly clientId?: string;
  readonly status: MessageStatus;
  readonly readAt?: Date;
  readonly deleteAt?: Date;
}
