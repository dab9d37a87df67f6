import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { presenceConfig } from '../config/presence.config';
import { UsersModule } from '../users/users.module';
import { PresenceService } from './presence.service';

@Module({
  imports: [ConfigModule.forFeature(presenceConfig), UsersModule],
  providers: [PresenceService],
  exports: [PresenceService],
})
export class PresenceModule {}
