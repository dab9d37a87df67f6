import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { messagesConfig } from '../config/messages.config';
import { CryptoModule } from '../crypto/crypto.module';
import { UsersModule } from '../users/users.module';
import { CleanupTask } from './cleanup.task';
import { InMemoryMessagesRepository } from './in-memory-messages.repository';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';

@Module({
  imports: [ConfigModule.forFeature(messagesConfig), CryptoModule, UsersModule],
  providers: [MessagesService, CleanupTask, { provide: MessagesRepository, useClass: InMemoryMessagesRepository }],
  exports: [MessagesService],
})
export class MessagesModule {}
