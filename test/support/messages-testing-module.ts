import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { Test, TestingModule } from '@nestjs/testing';
import { Clock } from '../../src/clock/clock';
import { ClockModule } from '../../src/clock/clock.module';
import { MessagesModule } from '../../src/messages/messages.module';
import { ManualClock } from './manual-clock';

/**
 * MessagesModule with its real providers, a manual clock, and the default config changed by
 * `env`. The cleanup interval is a day unless `env` says otherwise: a module a failed test left
 * open must not fire into the specs after it (under mutation testing that crashed the runner).
 */
export async function messagesTestingModule(
  clock: ManualClock,
  env: Record<string, string> = {},
): Promise<TestingModule> {
  const saved = process.env;
  process.env = { ...saved, CLEANUP_INTERVAL_SECONDS: '86400', ...env };
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
