import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Request } from 'express';
import { AccessService } from './access.service';

/** REST endpoints that reveal presence or activity: open only to the two users, once tokens are set. */
@Injectable()
export class UserTokenGuard implements CanActivate {
  constructor(private readonly access: AccessService) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.access.isOpen) {
      return true;
    }
    const request = context.switchToHttp().getRequest<Request>();
    if (this.access.userOfBearer(request.headers.authorization) === undefined) {
      throw new UnauthorizedException('a user token is required: Authorization: Bearer <token>');
    }
    return true;
  }
}
