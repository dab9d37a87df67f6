import request from 'supertest';
import { ChatClient } from './support/chat-client';
import { startTestApp, TestApp } from './support/test-app';

const PNG_1x1 =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('chat over WebSocket (e2e)', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp({ CLEANUP_INTERVAL_SECONDS: '0.02' });
  });

  afterEach(async () => {
    await t.close();
  });

  async function both(): Promise<[ChatClient, ChatClient]> {
    const poosie = await t.join(1);
    const noosie = await t.join(2);
    await poosie.next('status_update', (s) => s.user_id === 2 && s.status === 'online');
    return [poosie, noosie];
  }

  it('greets a user with connection_info and tells the peer it is online', async () => {
    const poosie = await t.connect(1);
    const info = await poosie.next('connection_info');
    expect(info).toEqual({
      user_id: 1,
      user_name: 'poosie',
      other_user: { user_id: 2, user_name: 'noosie', status: 'offline', is_tab_active: false, last_seen: null },
      history_pending: 0,
      messages: [],
      unread_count: 0,
      session_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      server_time: '2024-01-15T10:30:00.000Z',
      server_started_at: '2024-01-15T10:30:00.000Z',
      limits: { max_content_bytes: 6 * 1024 * 1024 },
      e2e: { required: false, salt: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) },
    });
    const noosie = await t.connect(2);
    const noosieInfo = await noosie.next('connection_info');
    expect(noosieInfo.other_user).toEqual({
      user_id: 1,
      user_name: 'poosie',
      status: 'online',
      is_tab_active: true,
      last_seen: '2024-01-15T10:30:00.000Z',
    });
    expect(noosieInfo.session_id).not.toBe(info.session_id);
    expect(noosie.received[0].type).toBe('connection_info');
    await expect(poosie.next('status_update')).resolves.toEqual({
      user_id: 2,
      user_name: 'noosie',
      status: 'online',
      is_tab_active: true,
      last_seen: '2024-01-15T10:30:00.000Z',
    });
  });

  it('echoes a chat_message to the sender and delivers it to the receiver', async () => {
    const [poosie, noosie] = await both();
    poosie.send('chat_message', { content: 'Hallå! 👋', message_type: 'text' });
    const echoed = await poosie.next('chat_message');
    const received = await noosie.next('chat_message');
    expect(received).toEqual(echoed);
    expect(echoed).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      sender_id: 1,
      sender_name: 'poosie',
      receiver_id: 2,
      content: 'Hallå! 👋',
      message_type: 'text',
      status: 'delivered',
      created_at: '2024-01-15T10:30:00.000Z',
      char_count: 8,
      encrypted: false,
    });
  });

  it('handles a burst of frames in the order they were sent, the refused ones among them', async () => {
    const [poosie, noosie] = await both();
    // More than the 16 frames a socket runs per turn of the event loop, within the rate limit.
    const sent = Array.from({ length: 28 }, (_, i) => (i % 7 === 3 ? 'refused' : `burst ${i}`));
    for (const content of sent) {
      if (content === 'refused') {
        poosie.sendRaw('{"type": "chat_message", "data": {"content": '); // cut short
      } else {
        poosie.send('chat_message', { content });
      }
    }
    await poosie.sync();
    const answers = poosie.received
      .filter((frame) => frame.type === 'chat_message' || frame.type === 'error')
      .map((frame) => (frame.type === 'error' ? 'refused' : frame.data.content));
    expect(answers).toEqual(sent);
    const delivered = await Promise.all(sent.filter((c) => c !== 'refused').map(() => noosie.next('chat_message')));
    expect(delivered.map((message) => message.content)).toEqual(sent.filter((c) => c !== 'refused'));
  });

  it('defaults message_type to text and carries emoji, images and gifs', async () => {
    const [poosie, noosie] = await both();
    poosie.send('chat_message', { content: 'hej' });
    expect((await noosie.next('chat_message')).message_type).toBe('text');
    noosie.send('chat_message', { content: '🎉', message_type: 'emoji' });
    expect(await poosie.next('chat_message', (m) => m.sender_id === 2)).toMatchObject({
      content: '🎉',
      message_type: 'emoji',
      char_count: 1,
    });
    const fromPoosie = (m: { sender_id: number }): boolean => m.sender_id === 1;
    poosie.send('chat_message', { content: PNG_1x1, message_type: 'image' });
    expect(await noosie.next('chat_message', fromPoosie)).toMatchObject({ content: PNG_1x1, message_type: 'image' });
    poosie.send('chat_message', { content: 'https://media.example.com/cat.gif', message_type: 'gif' });
    expect((await noosie.next('chat_message', fromPoosie)).message_type).toBe('gif');
  });

  it('marks a message sent while the receiver is away and delivers it on connect', async () => {
    const poosie = await t.join(1);
    poosie.send('chat_message', { content: 'are you there?' });
    const sent = await poosie.next('chat_message');
    expect(sent.status).toBe('sent');

    const noosie = await t.connect(2);
    const info = await noosie.next('connection_info');
    expect(info.unread_count).toBe(1);
    expect(info.messages).toEqual([{ ...sent, status: 'delivered' }]);
    await expect(poosie.next('message_delivered')).resolves.toEqual({
      message_id: sent.id,
      delivered_at: '2024-01-15T10:30:00.000Z',
    });
  });

  it('lets only the receiver mark a message read, and a second mark changes nothing', async () => {
    const [poosie, noosie] = await both();
    poosie.send('chat_message', { content: 'Hej' });
    const { id } = await noosie.next('chat_message');

    poosie.send('message_read', { message_id: id });
    await expect(poosie.next('error')).resolves.toEqual({
      code: 'not_receiver',
      message: 'only the receiver can mark a message as read',
    });

    t.clock.advance(1000);
    noosie.send('message_read', { message_id: id });
    const receipt = {
      message_id: id,
      read_at: '2024-01-15T10:30:01.000Z',
      delete_at: '2024-01-15T10:30:32.500Z', // 30 + 3 × 0.5 s
    };
    await expect(noosie.next('message_read')).resolves.toEqual(receipt);
    await expect(poosie.next('message_read')).resolves.toEqual(receipt);

    t.clock.advance(5000);
    noosie.send('message_read', { message_id: id });
    await expect(noosie.next('message_read')).resolves.toEqual(receipt);
    await poosie.sync();
    expect(poosie.pending('message_read')).toHaveLength(0);
  });

  it('answers message_not_found for an unknown id', async () => {
    const [, noosie] = await both();
    noosie.send('message_read', { message_id: 'no-such-id' });
    await expect(noosie.next('error')).resolves.toMatchObject({ code: 'message_not_found' });
  });

  it('deletes a read message when its time is up and tells both users', async () => {
    const [poosie, noosie] = await both();
    poosie.send('chat_message', { content: 'Hej' });
    const { id } = await noosie.next('chat_message');
    noosie.send('message_read', { message_id: id });
    await noosie.next('message_read');

    t.clock.advance(31_499);
    await noosie.sync();
    await new Promise((resolve) => setImmediate(resolve));
    expect(noosie.pending('message_deleted')).toHaveLength(0);

    t.clock.advance(1);
    await expect(poosie.next('message_deleted')).resolves.toEqual({ message_id: id, reason: 'expired' });
    await expect(noosie.next('message_deleted')).resolves.toEqual({ message_id: id, reason: 'expired' });
    const stats = await request(t.baseUrl).get('/stats').expect(200);
    expect(stats.body).toMatchObject({ messages_stored: 0, messages_deleted_total: 1, bytes_held: 0 });
  });

  it('keeps unread messages however much time passes', async () => {
    const [poosie, noosie] = await both();
    poosie.send('chat_message', { content: 'read me later' });
    await noosie.next('chat_message');
    t.clock.advance(24 * 3600 * 1000);
    await noosie.close();
    const again = await t.connect(2);
    expect((await again.next('connection_info')).messages).toHaveLength(1);
  });

  it('sends the history, oldest first, with read times, to a user who reconnects', async () => {
    const [poosie, noosie] = await both();
    poosie.send('chat_message', { content: 'first' });
    const first = await noosie.next('chat_message');
    noosie.send('chat_message', { content: 'second' });
    const second = await poosie.next('chat_message', (m) => m.content === 'second');
    noosie.send('message_read', { message_id: first.id });
    const receipt = await noosie.next('message_read');

    await poosie.close();
    await noosie.next('status_update', (s) => s.user_id === 1 && s.status === 'offline');
    const back = await t.connect(1);
    const info = await back.next('connection_info');
    expect(info.messages).toEqual([
      { ...first, status: 'read', read_at: receipt.read_at, delete_at: receipt.delete_at },
      second,
    ]);
    expect(info.unread_count).toBe(1);
    expect(info.other_user.status).toBe('online');
  });

  it('relays typing and stop_typing to the peer, and ends typing when a message is sent', async () => {
    const [poosie, noosie] = await both();
    poosie.send('typing');
    await expect(noosie.next('typing')).resolves.toEqual({ user_id: 1, user_name: 'poosie' });
    poosie.send('stop_typing');
    await expect(noosie.next('stop_typing')).resolves.toEqual({ user_id: 1, user_name: 'poosie' });
    poosie.send('typing');
    await noosie.next('typing');
    poosie.send('chat_message', { content: 'done' });
    await noosie.next('stop_typing');
    await noosie.next('chat_message');
    expect(poosie.pending('typing')).toHaveLength(0);
  });

  it('turns tab visibility into away and online for the peer', async () => {
    const [poosie, noosie] = await both();
    noosie.send('tab_visibility', { is_active: false });
    await expect(poosie.next('status_update')).resolves.toEqual({
      user_id: 2,
      user_name: 'noosie',
      status: 'away',
      is_tab_active: false,
      last_seen: '2024-01-15T10:30:00.000Z',
    });
    noosie.send('tab_visibility', { is_active: true });
    await expect(poosie.next('status_update')).resolves.toMatchObject({ status: 'online', is_tab_active: true });
    await request(t.baseUrl)
      .get('/users')
      .expect(200)
      .expect({
        users: [
          { id: 1, name: 'poosie', status: 'online', is_tab_active: true, connected: true },
          { id: 2, name: 'noosie', status: 'online', is_tab_active: true, connected: true },
        ],
        max_users: 2,
      });
  });

  it('tells the peer when a user goes offline and frees the slot at once', async () => {
    const [poosie, noosie] = await both();
    await noosie.close();
    await expect(poosie.next('status_update')).resolves.toMatchObject({
      user_id: 2,
      status: 'offline',
      is_tab_active: false,
    });
    const again = await t.join(2);
    await poosie.next('status_update', (s) => s.status === 'online');
    again.send('chat_message', { content: 'back' });
    await expect(poosie.next('chat_message')).resolves.toMatchObject({ content: 'back' });
  });

  it('clears everything for both users', async () => {
    const [poosie, noosie] = await both();
    poosie.send('chat_message', { content: 'one' });
    noosie.send('chat_message', { content: 'two' });
    await poosie.next('chat_message');
    await poosie.next('chat_message');
    noosie.send('clear_all');
    const cleared = { cleared_by: 2, cleared_by_name: 'noosie', count: 2 };
    await expect(poosie.next('clear_all')).resolves.toEqual(cleared);
    await expect(noosie.next('clear_all')).resolves.toEqual(cleared);
    await request(t.baseUrl)
      .get('/stats')
      .expect(200)
      .expect((res) => expect(res.body.messages_stored).toBe(0));
  });

  it('answers heartbeat with a timestamp', async () => {
    const poosie = await t.join(1);
    t.clock.advance(1500);
    poosie.send('heartbeat');
    await expect(poosie.next('heartbeat')).resolves.toEqual({ timestamp: '2024-01-15T10:30:01.500Z' });
  });

  it('refuses a second connection for a connected user and keeps the first', async () => {
    const [poosie, noosie] = await both();
    const intruder = await t.connect(1);
    intruder.send('chat_message', { content: 'sneaking in' });
    await expect(intruder.next('session_full')).resolves.toEqual({
      message: 'Chat session is full. Max 2 users allowed.',
    });
    expect((await intruder.closed).code).toBe(4003);
    poosie.send('chat_message', { content: 'still here' });
    await expect(noosie.next('chat_message')).resolves.toMatchObject({ content: 'still here' });
    await noosie.sync();
    expect(noosie.pending('status_update')).toHaveLength(0);
    expect(noosie.pending('chat_message')).toHaveLength(0); // nothing from the refused socket
    await request(t.baseUrl)
      .get('/stats')
      .expect((res) => expect(res.body.messages_stored).toBe(1));
  });

  it.each(['0', '3', 'abc', '', '1/extra'])('refuses the user id %p with invalid_user and 4004', async (id) => {
    const stranger = await t.connect(id);
    await expect(stranger.next('error')).resolves.toMatchObject({ code: 'invalid_user' });
    expect((await stranger.closed).code).toBe(4004);
    expect(stranger.received.map((frame) => frame.type)).toEqual(['error']);
  });

  it('refuses upgrades on any other path', async () => {
    await expect(ChatClient.connect(t.wsUrl('/chat/1'))).rejects.toThrow();
  });
});

describe('REST (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ USER_1_NAME: 'alice', USER_2_NAME: 'bob' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('GET / answers health with service and version', async () => {
    await request(t.baseUrl)
      .get('/')
      .expect(200)
      .expect({ status: 'ok', service: 'private-chat-server', version: '1.0.0' });
  });

  it('GET /health answers healthy', async () => {
    await request(t.baseUrl).get('/health').expect(200).expect({ status: 'healthy' });
  });

  it('GET /stats gives counts and no content', async () => {
    const alice = await t.join(1);
    const bob = await t.join(2);
    alice.send('chat_message', { content: 'secret words' });
    const { id } = await bob.next('chat_message');
    const res = await request(t.baseUrl).get('/stats').expect(200);
    expect(res.body).toEqual({
      messages_stored: 1,
      messages_unread: 1,
      messages_awaiting_deletion: 0,
      messages_deleted_total: 0,
      bytes_held: expect.any(Number),
      connections: 2,
      uptime_seconds: expect.any(Number),
    });
    expect(res.text).not.toContain('secret');
    expect(res.text).not.toContain(id);
  });

  it('GET /users lists both users with configured names', async () => {
    const res = await request(t.baseUrl).get('/users').expect(200);
    expect(res.body.users.map((u: { name: string }) => u.name)).toEqual(['alice', 'bob']);
    expect(res.body.max_users).toBe(2);
  });
});
