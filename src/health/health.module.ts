import { Module } from '@nestjs/common';
import { SecurityModule } from '../security/security.module';
import { MessagesModule } from '../messages/messages.module';
import { PresenceModule } from '../presence/presence.module';
import { HealthController } from './health.controller';
import { StatsController } from './stats.controller';

@Module({
  imports: [SecurityModule, MessagesModule, PresenceModule],
  controllers: [HealthController, StatsController],
})
export class HealthModule {}
