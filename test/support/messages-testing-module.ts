import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { Test, TestingModule } from '@nestjs/testing';
import { Clock } from '../../src/clock/clock';
import { ClockModule } from '../../src/clock/clock.module';
import { MessagesModule } from '../../src/messages/messages.module';
import { ManualClock } from './manual-clock';

/** MessagesModule with its real providers, default config and a manual clock. */
export async function messagesTestingModule(clock: ManualClock): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), ScheduleModule.forRoot(), ClockModule, MessagesModule],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}
