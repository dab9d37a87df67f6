import { ArgumentsHost, Catch, Logger, WsExceptionFilter } from '@nestjs/common';
import { WebSocket } from 'ws';
import { ChatError } from '../common/chat.error';
import { sendError } from './ws-frames';

/**
 * Answers a refused frame with our `error` frame. Nest's own WS filter emits a local
 * 'exception' event that a raw `ws` socket never puts on the wire.
 */
@Catch()
export class WsErrorFilter implements WsExceptionFilter {
  private readonly logger = new Logger(WsErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const socket = host.switchToWs().getClient<WebSocket>();
    if (exception instanceof ChatError) {
      sendError(socket, exception.code, exception.message);
      return;
    }
    // Only the name and stack: an error's message could quote the content being handled.
    const detail = exception instanceof Error ? `${exception.name}\n${exception.stack ?? ''}` : typeof exception;
    this.logger.error(`Unexpected failure while handling a frame: ${detail}`);
    sendError(socket, 'internal_error', 'the server could not handle this frame');
  }
}
