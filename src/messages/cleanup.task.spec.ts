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
    // No real interval: one left behind by a failed close must not fire into later specs.
    jest.useFakeTimers();
    moduleRef = await messagesTestingModule(clock, { CLEANUP_INTERVAL_SECONDS: '5' });
    open = true;
  });

  afterEach(async () => {
    if (open) {
      await moduleRef.close();
    }
    jest.useRealTimers();
  });

  it('is registered by name and removed on shutdown', async () => {
    const registry = moduleRef.get(SchedulerRegistry);
    expect(registry.getIntervals()).toEqual([CleanupTask.jobName]);
    await moduleRef.close();
    open = false;
    expect(registry.getIntervals()).toEqual([]);
  });

  it('runs the cleanup every CLEANUP_INTERVAL_SECONDS', () => {
    const messages = moduleRef.get(MessagesService);
    const { id } = messages.send({ senderId: 2, content: 'bye', messageType: 'text', receiverConnected: true });
    messages.markRead(1, id);
    clock.advance(31_500);
    jest.advanceTimersByTime(4_999);
    expect(messages.stats()).toMatchObject({ deletedTotal: 0 }); // expired, not yet removed
    jest.advanceTimersByTime(1);
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
