import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { securityConfig } from '../config/security.config';
import { UsersModule } from '../users/users.module';
import { AccessService } from './access.service';
import { FrameRateLimiter } from './frame-rate.limiter';
import { UserTokenGuard } from './user-token.guard';

@Module({
  imports: [ConfigModule.forFeature(securityConfig), UsersModule],
  providers: [AccessService, FrameRateLimiter, UserTokenGuard],
  exports: [AccessService, UserTokenGuard],
})
export class SecurityModule {}
