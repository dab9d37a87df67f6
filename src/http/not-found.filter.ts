import { ArgumentsHost, Catch, ExceptionFilter, NotFoundException } from '@nestjs/common';
import { Response } from 'express';

/** One body for every 404: Nest's default ("Cannot GET /path") echoes whatever path was asked for. */
@Catch(NotFoundException)
export class NotFoundFilter implements ExceptionFilter {
  catch(_exception: NotFoundException, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().status(404).json({ statusCode: 404, error: 'Not Found' });
  }
}
