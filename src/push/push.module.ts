import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { pushConfig } from '../config/push.config';
import { PushService } from './push.service';

@Module({
  imports: [ConfigModule.forFeature(pushConfig)],
  providers: [PushService],
  exports: [PushService],
})
export class PushModule {}
