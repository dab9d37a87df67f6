import { TestingModule } from '@nestjs/testing';
import { ManualClock } from '../../test/support/manual-clock';
import { messagesTestingModule } from '../../test/support/messages-testing-module';
import { ChatError } from '../common/chat.error';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';

describe('MessagesService', () => {
  let moduleRef: TestingModule;
  let clock: ManualClock;
  let messages: MessagesService;
  let repository: MessagesRepository;

  beforeEach(async () => {
    clock = new ManualClock();
    moduleRef = await messagesTestingModule(clock);
    messages = moduleRef.get(MessagesService);
    repository = moduleRef.get(MessagesRepository);
  });

  afterEach(async () => {
    await moduleRef.close();
  });

  const send = (content = 'Hej', receiverConnected = true) =>
    messages.send({ senderId: 1, content, messageType: 'text', receiverConnected });

  it('stores only ciphertext and gives the content back in the payload', () => {
    const payload = send('Hallå! 👋');
    expect(payload).toMatchObject({ sender_id: 1, receiver_id: 2, content: 'Hallå! 👋', char_count: 8, status: 'delivered' });
    const [stored] = Array.from(repository.all());
    expect(stored.token.includes(Buffer.from('Hallå'))).toBe(false);
    expect(stored).not.toHaveProperty('content');
    expect(messages.history()[0].content).toBe('Hallå! 👋');
  });

  it('refuses content over the byte limit and stores nothing', () => {
    expect(() => send('x'.repeat(6 * 1024 * 1024 + 1))).toThrow(
      expect.objectContaining({ code: 'payload_too_large' }),
    );
    expect(repository.count).toBe(0);
  });

  it('marks a message sent while the receiver is offline, and delivered when it is pushed', () => {
    const { id } = send('later', false);
    expect(messages.history()[0].status).toBe('sent');
    clock.advance(2000);
    expect(messages.deliverPendingTo(2)).toEqual([{ message_id: id, delivered_at: '2024-01-15T10:30:02.000Z' }]);
    expect(messages.deliverPendingTo(2)).toEqual([]);
    expect(messages.history()[0].status).toBe('delivered');
  });

  it('sets read_at and delete_at from the clock and the formula', () => {
    const { id } = send('Hej');
    clock.advance(1000);
    const { receipt, firstRead } = messages.markRead(2, id);
    expect(firstRead).toBe(true);
    expect(receipt).toEqual({ message_id: id, read_at: '2024-01-15T10:30:01.000Z', delete_at: '2024-01-15T10:30:32.500Z' });
    expect(messages.history()[0]).toMatchObject({ status: 'read', read_at: receipt.read_at, delete_at: receipt.delete_at });
  });

  it('answers a second read with the same times', () => {
    const { id } = send();
    const first = messages.markRead(2, id);
    clock.advance(5000);
    expect(messages.markRead(2, id)).toEqual({ receipt: first.receipt, firstRead: false });
  });

  it('lets only the receiver mark a message read', () => {
    const { id } = send();
    expect(() => messages.markRead(1, id)).toThrow(new ChatError('not_receiver', 'only the receiver can mark a message as read'));
    expect(messages.unreadCountFor(2)).toBe(1);
  });

  it('never serves a message after delete_at, even before the cleanup runs', () => {
    const { id } = send('Hej');
    messages.markRead(2, id);
    clock.advance(31_499);
    expect(messages.history()).toHaveLength(1);
    clock.advance(1);
    expect(messages.history()).toEqual([]);
    expect(messages.stats()).toMatchObject({ stored: 0, unread: 0, awaitingDeletion: 0 });
    expect(() => messages.markRead(2, id)).toThrow(expect.objectContaining({ code: 'message_not_found' }));
    expect(repository.count).toBe(1);
  });

  it('purges expired messages, announces each, and frees their bytes', () => {
    const deleted: string[] = [];
    messages.deletions$.subscribe((id) => deleted.push(id));
    const short = send('Hej');
    const long = send('x'.repeat(100));
    const unread = send('unread');
    messages.markRead(2, short.id);
    messages.markRead(2, long.id);
    clock.advance(31_500);
    expect(messages.purgeExpired()).toEqual([short.id]);
    clock.advance(80_000 - 31_500);
    expect(messages.purgeExpired()).toEqual([long.id]);
    expect(deleted).toEqual([short.id, long.id]);
    expect(messages.history().map((m) => m.id)).toEqual([unread.id]);
    expect(messages.stats()).toMatchObject({ stored: 1, unread: 1, deletedTotal: 2 });
    expect(repository.bytes).toBe(Array.from(repository.all())[0].token.length);
  });

  it('counts unread messages per receiver', () => {
    send('a');
    send('b');
    messages.send({ senderId: 2, content: 'c', messageType: 'text', receiverConnected: true });
    expect(messages.unreadCountFor(2)).toBe(2);
    expect(messages.unreadCountFor(1)).toBe(1);
  });

  it('clears everything and says how many messages there were', () => {
    send('a');
    send('b');
    expect(messages.clearAll()).toBe(2);
    expect(messages.history()).toEqual([]);
    expect(repository.bytes).toBe(0);
  });
});
