import { Module } from '@nestjs/common';
import { CryptoModule } from '../crypto/crypto.module';
import { MessagesModule } from '../messages/messages.module';
import { PushModule } from '../push/push.module';
import { PresenceModule } from '../presence/presence.module';
import { UsersModule } from '../users/users.module';
import { ChatConnections } from './chat-connections';
import { ChatGateway } from './chat.gateway';
import { HistoryStream } from './history-stream';

@Module({
  imports: [CryptoModule, MessagesModule, PushModule, PresenceModule, UsersModule],
  providers: [ChatGateway, ChatConnections, HistoryStream],
})
export class ChatModule {}
