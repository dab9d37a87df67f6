import { ClientFrame } from '../../protocol/events';

/** A message the person sent that the server has not yet confirmed. */
export interface OutgoingMessage {
  clientId: string;
  /** What the person wrote (or the image's data URL), to show while it is pending. */
  shown: string;
  frame: Extract<ClientFrame, { type: 'chat_message' }>;
  /** Sent on the current connection and waiting for the server's answer. */
  inFlight: boolean;
  /** Why the server refused it, if it did. */
  refusal?: string;
}

/**
 * Messages on their way out, in the order they were written. Each carries a `client_id`, so
 * sending it again after a reconnect can never make a second copy: the server answers a repeat
 * with the stored message.
 */
export class Outbox {
  private readonly pending: OutgoingMessage[] = [];

  add(shown: string, frame: OutgoingMessage['frame']): OutgoingMessage {
    const clientId = frame.data.client_id ?? crypto.randomUUID();
    const message: OutgoingMessage = {
      clientId,
      shown,
      frame: { ...frame, data: { ...frame.data, client_id: clientId } },
      inFlight: false,
    };
    this.pending.push(message);
    return message;
  }

  get all(): readonly OutgoingMessage[] {
    return this.pending;
  }

  /** The server stored it (or had already): it leaves the outbox. */
  confirm(clientId: string | undefined): OutgoingMessage | undefined {
    const at = this.pending.findIndex((message) => message.clientId === clientId);
    return at < 0 ? undefined : this.pending.splice(at, 1)[0];
  }

  /**
   * The server answers frames in order, so a refusal of a message's kind belongs to the oldest
   * message still in flight.
   */
  refuse(reason: string): OutgoingMessage | undefined {
    const message = this.pending.find((candidate) => candidate.inFlight);
    if (message !== undefined) {
      message.inFlight = false;
      message.refusal = reason;
    }
    return message;
  }

  /** Sends every message not refused (all again after a reconnect), oldest first. */
  flush(send: (frame: ClientFrame) => boolean, afterReconnect: boolean): void {
    for (const message of this.pending) {
      if (message.refusal === undefined && (afterReconnect || !message.inFlight)) {
        message.inFlight = send(message.frame);
      }
    }
  }

  retry(clientId: string): OutgoingMessage | undefined {
    const message = this.pending.find((candidate) => candidate.clientId === clientId);
    if (message !== undefined) {
      message.refusal = undefined;
    }
    return message;
  }

  discard(clientId: string): void {
    this.confirm(clientId);
  }
}
