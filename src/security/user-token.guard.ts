import {
  CanActivate,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Request } from 'express';
import { AccessService } from './access.service';

/**
 * REST endpoints that reveal presence or activity: open only to the two users, once tokens are
 * set, and guessing is throttled exactly like WebSocket upgrades.
 */
@Injectable()
export class UserTokenGuard implements CanActivate {
  constructor(private readonly access: AccessService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const verdict = await this.access.checkBearer(context.switchToHttp().getRequest<Request>());
    if (verdict.allowed) {
      return true;
    }
    if (verdict.status === 429) {
      throw new HttpException(
        'too many failed attempts from this address; try again later',
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    throw new UnauthorizedException('a user token is required: Authorization: Bearer <token>');
  }
}
