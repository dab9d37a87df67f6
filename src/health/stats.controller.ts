import { Controller, Get, UseGuards } from '@nestjs/common';
import { MessagesService } from '../messages/messages.service';
import { UserTokenGuard } from '../security/user-token.guard';
import { PresenceService } from '../presence/presence.service';

export interface StatsResponse {
  messages_stored: number;
  messages_unread: number;
  messages_awaiting_deletion: number;
  messages_deleted_total: number;
  bytes_held: number;
  connections: number;
  uptime_seconds: number;
}

/** Counts only: no content, no message ids. */
@Controller('stats')
@UseGuards(UserTokenGuard)
export class StatsController {
  constructor(
    private readonly messages: MessagesService,
    private readonly presence: PresenceService,
  ) {}

  @Get()
  stats(): StatsResponse {
    const stats = this.messages.stats();
    return {
      messages_stored: stats.stored,
      messages_unread: stats.unread,
      messages_awaiting_deletion: stats.awaitingDeletion,
      messages_deleted_total: stats.deletedTotal,
      bytes_held: stats.bytesHeld,
      connections: this.presence.connectedCount(),
      uptime_seconds: Math.floor(process.uptime()),
    };
  }
}
