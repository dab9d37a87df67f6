import { TestingModule } from '@nestjs/testing';
import { ManualClock } from '../../test/support/manual-clock';
import { messagesTestingModule } from '../../test/support/messages-testing-module';
import { ChatError } from '../common/chat.error';
import { CryptoService } from '../crypto/crypto.service';
import { ChatMessagePayload } from '../protocol/events';
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
  const history = () => messages.openHistory(Infinity).messages;

  it('stores only ciphertext and gives the content back in the payload', () => {
    const payload = send('Hallå! 👋');
    expect(payload).toMatchObject({
      sender_id: 1,
      receiver_id: 2,
      content: 'Hallå! 👋',
      char_count: 8,
      status: 'delivered',
    });
    const [stored] = Array.from(repository.all());
    expect(Buffer.from(stored.token, 'latin1').includes(Buffer.from('Hallå'))).toBe(false);
    expect(stored).not.toHaveProperty('content');
    expect(history()[0].content).toBe('Hallå! 👋');
  });

  it('refuses content over the byte limit and stores nothing', () => {
    expect(() => send('x'.repeat(6 * 1024 * 1024 + 1))).toThrow(expect.objectContaining({ code: 'payload_too_large' }));
    expect(repository.count).toBe(0);
  });

  it('stamps each message with the time it was sent, in history too', () => {
    const first = send('one');
    const second = send('two'); // the same millisecond
    clock.advance(1500);
    const third = send('three');
    expect([first.created_at, second.created_at]).toEqual(['2024-01-15T10:30:00.000Z', '2024-01-15T10:30:00.000Z']);
    expect(third.created_at).toBe('2024-01-15T10:30:01.500Z');
    expect(history().map((message) => message.created_at)).toEqual([
      first.created_at,
      second.created_at,
      third.created_at,
    ]);
  });

  it('hands a message over for delivery before it is sealed, and stores it before send returns', () => {
    const crypto = moduleRef.get(CryptoService);
    const encrypt = jest.spyOn(crypto, 'encrypt');
    const deliver = jest.fn((payload: ChatMessagePayload) => {
      expect(encrypt).not.toHaveBeenCalled(); // the write does not wait for the cipher
      expect(payload.content).toBe('Hej');
    });
    const payload = messages.send(
      { senderId: 1, content: 'Hej', messageType: 'text', receiverConnected: true },
      deliver,
    );
    expect(deliver).toHaveBeenCalledTimes(1);
    expect(deliver).toHaveBeenCalledWith(payload);
    expect(history()).toEqual([payload]);
  });

  it('delivers nothing it refuses', () => {
    const deliver = jest.fn();
    const tooLong = 'x'.repeat(6 * 1024 * 1024 + 1);
    expect(() =>
      messages.send({ senderId: 1, content: tooLong, messageType: 'text', receiverConnected: true }, deliver),
    ).toThrow(ChatError);
    expect(deliver).not.toHaveBeenCalled();
  });

  it('takes content of exactly the byte limit', () => {
    expect(send('é'.repeat(3 * 1024 * 1024)).char_count).toBe(3 * 1024 * 1024); // two bytes each
    expect(repository.count).toBe(1);
  });

  it("does not mark the sender's own messages delivered when the sender reconnects", () => {
    const { id } = send('while you were away', false);
    expect(messages.deliverPendingTo(1)).toEqual([]);
    expect(history()[0].status).toBe('sent');
    expect(messages.deliverPendingTo(2)).toEqual([{ message_id: id, delivered_at: expect.any(String) }]);
  });

  it('marks a message sent while the receiver is offline, and delivered when it is pushed', () => {
    const { id } = send('later', false);
    expect(history()[0].status).toBe('sent');
    clock.advance(2000);
    expect(messages.deliverPendingTo(2)).toEqual([{ message_id: id, delivered_at: '2024-01-15T10:30:02.000Z' }]);
    expect(messages.deliverPendingTo(2)).toEqual([]);
    expect(history()[0].status).toBe('delivered');
  });

  it('sets read_at and delete_at from the clock and the formula', () => {
    const { id } = send('Hej');
    clock.advance(1000);
    const { receipt, firstRead } = messages.markRead(2, id);
    expect(firstRead).toBe(true);
    expect(receipt).toEqual({
      message_id: id,
      read_at: '2024-01-15T10:30:01.000Z',
      delete_at: '2024-01-15T10:30:32.500Z',
    });
    expect(history()[0]).toMatchObject({ status: 'read', read_at: receipt.read_at, delete_at: receipt.delete_at });
  });

  it('answers a second read with the same times', () => {
    const { id } = send();
    const first = messages.markRead(2, id);
    clock.advance(5000);
    expect(messages.markRead(2, id)).toEqual({ receipt: first.receipt, firstRead: false });
  });

  it('lets only the receiver mark a message read', () => {
    const { id } = send();
    expect(() => messages.markRead(1, id)).toThrow(
      new ChatError('not_receiver', 'only the receiver can mark a message as read'),
    );
    expect(messages.unreadCountFor(2)).toBe(1);
  });

  it('never serves a message after delete_at, even before the cleanup runs', () => {
    const { id } = send('Hej');
    messages.markRead(2, id);
    clock.advance(31_499);
    expect(history()).toHaveLength(1);
    clock.advance(1);
    expect(history()).toEqual([]);
    expect(messages.stats()).toMatchObject({ stored: 0, unread: 0, awaitingDeletion: 0 });
    expect(() => messages.markRead(2, id)).toThrow(expect.objectContaining({ code: 'message_not_found' }));
    expect(repository.count).toBe(1);
  });

  it('purges expired messages, announces each, and frees their bytes', () => {
    const deleted: string[] = [];
    messages.deletions$.subscribe(({ message_id, reason }) => deleted.push(`${message_id}:${reason}`));
    const short = send('Hej');
    const long = send('x'.repeat(100));
    const unread = send('unread');
    messages.markRead(2, short.id);
    messages.markRead(2, long.id);
    clock.advance(31_500);
    expect(messages.purgeExpired()).toEqual([short.id]);
    clock.advance(80_000 - 31_500);
    expect(messages.purgeExpired()).toEqual([long.id]);
    expect(deleted).toEqual([`${short.id}:expired`, `${long.id}:expired`]);
    expect(history().map((m) => m.id)).toEqual([unread.id]);
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

  it('no longer counts a message as unread once it is read, here or in the stats', () => {
    const { id } = send('a');
    send('b');
    messages.markRead(2, id);
    expect(messages.unreadCountFor(2)).toBe(1);
    expect(messages.stats()).toMatchObject({ stored: 2, unread: 1, awaitingDeletion: 1 });
  });

  it('clears everything and says how many messages there were', () => {
    send('a');
    send('b');
    expect(messages.clearAll()).toBe(2);
    expect(history()).toEqual([]);
    expect(repository.bytes).toBe(0);
  });

  describe('history for a connecting client', () => {
    it('puts the oldest messages that fit the budget first and leaves the rest to the cursor, in order', () => {
      const ids = ['a'.repeat(10), 'b'.repeat(10), 'c'.repeat(10), 'd'.repeat(10)].map((content) => send(content).id);
      const { messages: first, pending, rest } = messages.openHistory(25);
      expect(first.map((m) => m.id)).toEqual(ids.slice(0, 2));
      expect(pending).toBe(2);
      expect([rest.next()?.id, rest.next()?.id, rest.next()]).toEqual([ids[2], ids[3], undefined]);
    });

    it('counts content as it is sent, JSON escapes included', () => {
      send('\u0001'.repeat(4)); // 24 bytes in a frame
      expect(messages.openHistory(23)).toMatchObject({ messages: [], pending: 1 });
      expect(messages.openHistory(24).messages).toHaveLength(1);
    });

    it('reaches messages stored after it opened and skips ones deleted before they are reached', () => {
      const [first, second] = [send('one'), send('two')];
      const { rest } = messages.openHistory(0);
      expect(rest.next()?.id).toBe(first.id);
      messages.markRead(2, second.id);
      clock.advance(600_000);
      const third = send('three');
      expect(rest.next()?.id).toBe(third.id);
      expect(rest.next()).toBeUndefined();
    });
  });

  it('refuses content whose JSON form passes the limits, though its raw length would not', () => {
    const escaped = '\u0001'.repeat(2 * 1024 * 1024); // 2 MiB raw, 12 MiB in a frame
    expect(() => send(escaped)).toThrow(expect.objectContaining({ code: 'payload_too_large' }));
    expect(repository.count).toBe(0);
  });

  describe('storage caps', () => {
    let capped: TestingModule;
    let service: MessagesService;

    beforeEach(async () => {
      capped = await messagesTestingModule(clock, { MAX_STORED_MESSAGES: '3', MAX_STORED_BYTES: '1024' });
      service = capped.get(MessagesService);
    });

    afterEach(async () => {
      await capped.close();
    });

    const store = (content: string) =>
      service.send({ senderId: 1, content, messageType: 'text', receiverConnected: true });

    it('takes messages up to MAX_STORED_MESSAGES and refuses the next, evicting nothing', () => {
      ['a', 'b', 'c'].forEach(store);
      expect(() => store('d')).toThrow(expect.objectContaining({ code: 'storage_full' }));
      expect(service.stats().stored).toBe(3);
    });

    it('takes content up to exactly MAX_STORED_BYTES and refuses one byte more', () => {
      store('x'.repeat(1000));
      store('y'.repeat(24));
      expect(() => store('z')).toThrow(expect.objectContaining({ code: 'storage_full' }));
      expect(service.stats().stored).toBe(2);
    });
  });

  it('says why in the message of each refusal', () => {
    const { id } = send('mine');
    expect(() => messages.markRead(1, id)).toThrow('only the receiver can mark a message as read');
    expect(() => messages.markRead(2, 'nope')).toThrow('no such message');
    expect(() => send('x'.repeat(6 * 1024 * 1024 + 1))).toThrow(
      `content is larger than the limit of ${6 * 1024 * 1024} bytes`,
    );
  });

  describe('edits and unsends', () => {
    const edit = (messageId: string, content: string, senderId: 1 | 2 = 1) =>
      messages.edit({ senderId, messageId, content, receiverConnected: true });

    it('makes an edited message unread again: no read or delete time until it is read anew', () => {
      const { id } = send('Hej');
      messages.markRead(2, id);
      clock.advance(20_000);
      expect(edit(id, 'Hej då')).toMatchObject({
        status: 'delivered',
        char_count: 6,
        edited_at: '2024-01-15T10:30:20.000Z',
      });
      expect(history()[0]).not.toHaveProperty('delete_at');
      expect(messages.unreadCountFor(2)).toBe(1);
      clock.advance(600_000);
      expect(history()).toHaveLength(1); // unread messages wait for their reader
      expect(messages.markRead(2, id).receipt.delete_at).toBe('2024-01-15T10:40:53.000Z');
    });

    it('keeps an edit within the storage cap, counting the content it replaces', async () => {
      const capped = await messagesTestingModule(clock, { MAX_STORED_BYTES: '1024' });
      const service = capped.get(MessagesService);
      const { id } = service.send({
        senderId: 1,
        content: 'x'.repeat(1000),
        messageType: 'text',
        receiverConnected: true,
      });
      expect(() =>
        service.edit({ senderId: 1, messageId: id, content: 'y'.repeat(1024), receiverConnected: true }),
      ).not.toThrow();
      expect(() =>
        service.edit({ senderId: 1, messageId: id, content: 'z'.repeat(1025), receiverConnected: true }),
      ).toThrow(expect.objectContaining({ code: 'storage_full' }));
      await capped.close();
    });

    it('unsends at once and counts it deleted', () => {
      const { id } = send('gone');
      expect(messages.unsend(1, id)).toEqual({ message_id: id, reason: 'unsent', deleted_by: 1 });
      expect(messages.stats()).toMatchObject({ stored: 0, deletedTotal: 1 });
      expect(() => messages.unsend(1, id)).toThrow(expect.objectContaining({ code: 'message_not_found' }));
    });
  });

  describe('client ids', () => {
    const sendWith = (clientId: string, senderId: 1 | 2 = 1) =>
      messages.send({ senderId, content: 'hi', messageType: 'text', receiverConnected: true, clientId });

    it('finds the message a sender made with a client id, and only that sender', () => {
      const { id } = sendWith('outbox-1');
      expect(messages.findByClientId(1, 'outbox-1')?.id).toBe(id);
      expect(messages.findByClientId(2, 'outbox-1')).toBeUndefined();
      expect(messages.findByClientId(1, 'outbox-2')).toBeUndefined();
    });

    it('forgets a client id once its message is gone, however it went', () => {
      const unsent = sendWith('a');
      messages.unsend(1, unsent.id);
      const expired = sendWith('b');
      messages.markRead(2, expired.id);
      clock.advance(600_000);
      messages.purgeExpired();
      sendWith('c');
      messages.clearAll();
      expect(['a', 'b', 'c'].map((clientId) => messages.findByClientId(1, clientId))).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
    });
  });

  describe('who may change what', () => {
    it('lets only the sender edit or unsend, and only text and emoji be edited; nothing changes otherwise', () => {
      const { id } = send('mine');
      const image = messages.send({
        senderId: 1,
        content: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=',
        messageType: 'gif',
        receiverConnected: true,
      });
      expect(() => messages.edit({ senderId: 2, messageId: id, content: 'x', receiverConnected: true })).toThrow(
        expect.objectContaining({ code: 'not_sender', message: 'only the sender can edit a message' }),
      );
      expect(() => messages.unsend(2, id)).toThrow(
        expect.objectContaining({ code: 'not_sender', message: 'only the sender can delete a message' }),
      );
      expect(() => messages.edit({ senderId: 1, messageId: image.id, content: 'x', receiverConnected: true })).toThrow(
        expect.objectContaining({ code: 'not_editable', message: 'only text and emoji messages can be edited' }),
      );
      expect(history().map((m) => [m.content, m.edited_at])).toEqual([
        ['mine', undefined],
        [image.content, undefined],
      ]);
    });

    it('marks an edit for an offline receiver as sent, and shows when it was edited', () => {
      const { id } = send('Hej');
      clock.advance(5000);
      expect(messages.edit({ senderId: 1, messageId: id, content: 'Hej!', receiverConnected: false }).status).toBe(
        'sent',
      );
      expect(history()[0]).toMatchObject({ status: 'sent', edited_at: '2024-01-15T10:30:05.000Z' });
    });

    it('echoes the client id in the payload and history', () => {
      const payload = messages.send({
        senderId: 1,
        content: 'x',
        messageType: 'text',
        receiverConnected: true,
        clientId: 'c-1',
      });
      expect(payload.client_id).toBe('c-1');
      expect(history()[0].client_id).toBe('c-1');
      expect(send('no id')).not.toHaveProperty('client_id');
    });
  });

  describe('end-to-end content', () => {
    it('times deletion by the declared char_count, and marks the message encrypted', () => {
      const sealed = messages.send({
        senderId: 1,
        content: 'e2e1.' + 'A'.repeat(60),
        encrypted: true,
        charCount: 20,
        messageType: 'text',
        receiverConnected: true,
      });
      expect(sealed).toMatchObject({ encrypted: true, char_count: 20 });
      expect(messages.markRead(2, sealed.id).receipt.delete_at).toBe('2024-01-15T10:30:40.000Z'); // 30 + 20 × 0.5
      expect(send('plain').encrypted).toBe(false);
    });

    it('refuses plain content with e2e_required when REQUIRE_E2E is on, storing nothing', async () => {
      const strict = await messagesTestingModule(clock, { REQUIRE_E2E: 'true' });
      const service = strict.get(MessagesService);
      expect(service.requiresE2e).toBe(true);
      expect(() =>
        service.send({ senderId: 1, content: 'clear', messageType: 'text', receiverConnected: true }),
      ).toThrow(expect.objectContaining({ code: 'e2e_required' }));
      expect(service.stats().stored).toBe(0);
      const sealed = { content: 'e2e1.' + 'A'.repeat(60), encrypted: true, charCount: 3, messageType: 'text' as const };
      const { id } = service.send({ senderId: 1, ...sealed, receiverConnected: true });
      expect(() => service.edit({ senderId: 1, messageId: id, content: 'clear', receiverConnected: true })).toThrow(
        expect.objectContaining({ code: 'e2e_required' }),
      );
      await strict.close();
    });
  });

  it('tells clients the largest content it takes', () => {
    expect(messages.maxContentBytes).toBe(6 * 1024 * 1024);
    expect(messages.requiresE2e).toBe(false);
  });
});
