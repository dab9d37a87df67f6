import { SchedulerRegistry } from '@nestjs/schedule';
import { TestingModule } from '@nestjs/testing';
import { ManualClock } from '../../test/support/manual-clock';
import { messagesTestingModule } from '../../test/support/messages-testing-module';
import { CleanupTask } from './cleanup.task';
import { MessagesService } from './messages.service';

describe('CleanupTask', () => {
  let moduleRef: TestingModule;
  let open: boolean;
  const clock = new ManualClock();

  beforeEach(async () => {
    moduleRef = await messagesTestingModule(clock);
    open = true;
  });

  afterEach(async () => {
    if (open) {
      await moduleRef.close();
    }
  });

  it('is registered with the configured interval and removed on shutdown', async () => {
    const registry = moduleRef.get(SchedulerRegistry);
    expect(registry.getIntervals()).toEqual([CleanupTask.jobName]);
    const timer = registry.getInterval(CleanupTask.jobName) as NodeJS.Timeout & { _idleTimeout: number };
    expect(timer._idleTimeout).toBe(5000);
    await moduleRef.close();
    open = false;
    expect(registry.getIntervals()).toEqual([]);
  });

  it('runs the cleanup each time its interval fires', () => {
    const messages = moduleRef.get(MessagesService);
    const { id } = messages.send({ senderId: 2, content: 'bye', messageType: 'text', receiverConnected: true });
    messages.markRead(1, id);
    clock.advance(31_500);
    const timer = moduleRef.get(SchedulerRegistry).getInterval(CleanupTask.jobName) as { _onTimeout: () => void };
    timer._onTimeout();
    expect(messages.stats()).toMatchObject({ stored: 0, deletedTotal: 1 });
  });

  it('removes what has expired when it runs', () => {
    const messages = moduleRef.get(MessagesService);
    const { id } = messages.send({ senderId: 2, content: 'bye', messageType: 'text', receiverConnected: true });
    messages.markRead(1, id);
    clock.advance(31_500);
    moduleRef.get(CleanupTask).run();
    expect(messages.stats()).toMatchObject({ stored: 0, deletedTotal: 1, bytesHeld: 0 });
  });
});
