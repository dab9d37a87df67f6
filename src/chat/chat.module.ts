import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { PresenceModule } from '../presence/presence.module';
import { UsersModule } from '../users/users.module';
import { ChatConnections } from './chat-connections';
import { ChatGateway } from './chat.gateway';

@Module({
  imports: [MessagesModule, PresenceModule, UsersModule],
  providers: [ChatGateway, ChatConnections],
  exports: [ChatConnections],
})
export class ChatModule {}
