import { Module } from '@nestjs/common';
import { SecurityModule } from '../security/security.module';
import { ConfigModule } from '@nestjs/config';
import { presenceConfig } from '../config/presence.config';
import { UsersModule } from '../users/users.module';
import { PresenceService } from './presence.service';
import { UsersController } from './users.controller';

@Module({
  imports: [SecurityModule, ConfigModule.forFeature(presenceConfig), UsersModule],
  controllers: [UsersController],
  providers: [PresenceService],
  exports: [PresenceService],
})
export class PresenceModule {}
