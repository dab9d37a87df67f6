import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { Test, TestingModule } from '@nestjs/testing';
import { Clock } from '../../src/clock/clock';
import { ClockModule } from '../../src/clock/clock.module';
import { MessagesModule } from '../../src/messages/messages.module';
import { ManualClock } from './manual-clock';

/** MessagesModule with its real providers, a manual clock, and the default config changed by `env`. */
export async function messagesTestingModule(
  clock: ManualClock,
  env: Record<string, string> = {},
): Promise<TestingModule> {
  const saved = process.env;
  process.env = { ...saved, ...env };
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), ScheduleModule.forRoot(), ClockModule, MessagesModule],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile()
    .finally(() => (process.env = saved));
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}
