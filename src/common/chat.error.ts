import { ErrorCode } from '../protocol/events';

/** A refusal the client should hear about as an `error` frame with a stable code. */
export class ChatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ChatError';
  }
}
