import { Module } from '@nestjs/common';
import { SecurityModule } from '../security/security.module';
import { MessagesModule } from '../messages/messages.module';
import { PresenceModule } from '../presence/presence.module';
import { UsersModule } from '../users/users.module';
import { HealthController } from './health.controller';
import { StatsController } from './stats.controller';
import { UsersController } from './users.controller';

@Module({
  imports: [SecurityModule, MessagesModule, PresenceModule, UsersModule],
  controllers: [HealthController, StatsController, UsersController],
})
export class HealthModule {}
