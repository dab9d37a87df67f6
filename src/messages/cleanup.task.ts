import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { messagesConfig } from '../config/messages.config';
import { MessagesService } from './messages.service';

/**
 * Removes read messages whose time is up, every CLEANUP_INTERVAL_SECONDS.
 * Registered by hand because `@Interval()` takes its period at class load, before config exists;
 * the schedule module clears it on shutdown like any registered interval.
 */
@Injectable()
export class CleanupTask implements OnModuleInit {
  static readonly jobName = 'messages-cleanup';

  constructor(
    private readonly messages: MessagesService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(messagesConfig.KEY) private readonly config: ConfigType<typeof messagesConfig>,
  ) {}

  onModuleInit(): void {
    const timer = setInterval(() => this.run(), this.config.cleanupIntervalMs);
    this.scheduler.addInterval(CleanupTask.jobName, timer);
  }

  run(): void {
    this.messages.purgeExpired();
  }
}
