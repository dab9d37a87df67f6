import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { ChatModule } from './chat/chat.module';
import { ClockModule } from './clock/clock.module';
import { serverConfig } from './config/server.config';
import { HealthModule } from './health/health.module';
import { SecurityModule } from './security/security.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [
    ConfigModule.forRoot({ cache: true, load: [serverConfig] }),
    ScheduleModule.forRoot(),
    ClockModule,
    SecurityModule,
    ChatModule,
    HealthModule,
    WebModule,
  ],
})
export class AppModule {}
