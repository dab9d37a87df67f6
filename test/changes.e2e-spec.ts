import request from 'supertest';
import { WebSocket } from 'ws';
import { ChatClient } from './support/chat-client';
import { solidPng } from './support/png';
import { startTestApp, TestApp } from './support/test-app';

const PNG = `data:image/png;base64,${solidPng(2, 2, [1, 2, 3]).toString('base64')}`;

describe('unsend and edit (e2e)', () => {
  let t: TestApp;
  let poosie: ChatClient;
  let noosie: ChatClient;

  beforeEach(async () => {
    t = await startTestApp({ RATE_LIMIT_FRAMES: '1000' });
    poosie = await t.join(1);
    noosie = await t.join(2);
  });

  afterEach(async () => {
    await t.close();
  });

  async function sent(content: string, from = poosie, to = noosie, type = 'text'): Promise<string> {
    from.send('chat_message', { content, message_type: type });
    const { id } = await to.next('chat_message');
    await from.next('chat_message');
    return id;
  }

  const stored = async (): Promise<number> =>
    ((await request(t.baseUrl).get('/stats').expect(200)).body as { messages_stored: number }).messages_stored;

  it('lets the sender unsend a message, read or not, gone at once for both', async () => {
    const unread = await sent('oops');
    const read = await sent('also oops');
    noosie.send('message_read', { message_id: read });
    await poosie.next('message_read');
    for (const id of [unread, read]) {
      poosie.send('delete_message', { message_id: id });
      const expected = { message_id: id, reason: 'unsent', deleted_by: 1 };
      await expect(noosie.next('message_deleted')).resolves.toEqual(expected);
      await expect(poosie.next('message_deleted')).resolves.toEqual(expected);
    }
    expect(await stored()).toBe(0);
    poosie.send('delete_message', { message_id: unread });
    await expect(poosie.next('error')).resolves.toMatchObject({ code: 'message_not_found' });
  });

  it("refuses to unsend someone else's message with not_sender, and changes nothing", async () => {
    const id = await sent('mine');
    noosie.send('delete_message', { message_id: id });
    await expect(noosie.next('error')).resolves.toMatchObject({ code: 'not_sender' });
    expect(await stored()).toBe(1);
    expect(poosie.pending('message_deleted')).toHaveLength(0);
  });

  it('lets the sender edit a text: unread again, and its deletion timer starts over on the next read', async () => {
    const id = await sent('Hej');
    noosie.send('message_read', { message_id: id });
    await poosie.next('message_read');
    t.clock.advance(10_000);
    poosie.send('edit_message', { message_id: id, content: 'Hej då' });
    const expected = {
      message_id: id,
      content: 'Hej då',
      char_count: 6,
      encrypted: false,
      edited_at: '2024-01-15T10:30:10.000Z',
      status: 'delivered',
    };
    await expect(noosie.next('message_edited')).resolves.toEqual(expected);
    await expect(poosie.next('message_edited')).resolves.toEqual(expected);

    t.clock.advance(60_000); // long past the first delete_at: the edit is unread, so it waits
    await noosie.close();
    const back = await t.connect(2);
    const info = await back.next('connection_info');
    expect(info.unread_count).toBe(1);
    expect(info.messages[0]).toMatchObject({
      id,
      content: 'Hej då',
      status: 'delivered',
      edited_at: expected.edited_at,
    });
    expect(info.messages[0]).not.toHaveProperty('read_at');
    back.send('message_read', { message_id: id });
    await expect(back.next('message_read')).resolves.toEqual({
      message_id: id,
      read_at: '2024-01-15T10:31:10.000Z',
      delete_at: '2024-01-15T10:31:43.000Z', // 30 + 6 × 0.5 s after this read
    });
  });

  it.each([
    ['an image', 'not_editable', async (): Promise<string> => sent(PNG, poosie, noosie, 'image'), 'poosie'],
    ["someone else's message", 'not_sender', async (): Promise<string> => sent('hers'), 'noosie'],
  ])('refuses to edit %s with %s', async (_what, code, make, editor) => {
    const id = await make();
    const client = editor === 'poosie' ? poosie : noosie;
    client.send('edit_message', { message_id: id, content: 'changed' });
    await expect(client.next('error')).resolves.toMatchObject({ code });
    await noosie.sync();
    expect(noosie.pending('message_edited')).toHaveLength(0);
  });

  it('validates and limits an edit like a new message', async () => {
    const id = await sent('short');
    poosie.sendRaw(JSON.stringify({ type: 'edit_message', data: { message_id: id, content: '' } }));
    await expect(poosie.next('error')).resolves.toMatchObject({ code: 'invalid_payload' });
    poosie.send('edit_message', { message_id: id, content: 'x'.repeat(6 * 1024 * 1024 + 1) });
    await expect(poosie.next('error')).resolves.toMatchObject({ code: 'payload_too_large' });
    poosie.send('edit_message', { message_id: 'no-such-id', content: 'x' });
    await expect(poosie.next('error')).resolves.toMatchObject({ code: 'message_not_found' });
    await noosie.close();
    const info = await (await t.connect(2)).next('connection_info');
    expect(info.messages[0]).toMatchObject({ content: 'short' });
    expect(info.messages[0]).not.toHaveProperty('edited_at');
  });

  it('creates nothing for a resent client_id: the sender alone gets the stored message again', async () => {
    poosie.send('chat_message', { content: 'once', client_id: 'outbox-1' });
    const first = await noosie.next('chat_message');
    expect(first.client_id).toBe('outbox-1');
    await poosie.next('chat_message');
    poosie.send('chat_message', { content: 'once', client_id: 'outbox-1' });
    await expect(poosie.next('chat_message')).resolves.toMatchObject({ id: first.id, client_id: 'outbox-1' });
    await noosie.sync();
    expect(noosie.pending('chat_message')).toHaveLength(0);
    expect(await stored()).toBe(1);
  });
});

describe('last seen, taking over and resuming (e2e)', () => {
  let t: TestApp;

  afterEach(async () => {
    await t.close();
  });

  it('tells the peer when a user was last seen', async () => {
    t = await startTestApp();
    const noosie = await t.join(2);
    const poosie = await t.join(1);
    t.clock.advance(5000);
    poosie.send('typing');
    await noosie.next('typing');
    t.clock.advance(60_000);
    await poosie.close();
    await expect(noosie.next('status_update', (s) => s.status === 'offline')).resolves.toMatchObject({
      last_seen: '2024-01-15T10:31:05.000Z', // the disconnect
    });
    const back = await t.join(1);
    expect((back.received[0].data as { other_user: { last_seen: string } }).other_user.last_seen).toBe(
      '2024-01-15T10:30:00.000Z',
    );
  });

  it('hands the user to a window that takes over; the old one is told and closed with 4002, the peer sees no offline', async () => {
    t = await startTestApp();
    const noosie = await t.join(2);
    const laptop = await t.join(1);
    await noosie.next('status_update', (s) => s.status === 'online');
    await expect(ChatClient.connect(t.wsUrl('/ws/1')).then((c) => c.next('session_full'))).resolves.toBeDefined();

    const phone = await t.join(1, '?takeover=1');
    await expect(laptop.next('session_replaced')).resolves.toEqual({
      message: 'This chat was opened in another window or device.',
    });
    expect((await laptop.closed).code).toBe(4002);
    phone.send('chat_message', { content: 'from the phone' });
    await expect(noosie.next('chat_message')).resolves.toMatchObject({ sender_id: 1, content: 'from the phone' });
    await noosie.sync();
    expect(noosie.received.filter((f) => f.type === 'status_update' && f.data.status === 'offline')).toHaveLength(0);
  });

  it('leaves exactly one live connection when two windows take over at once', async () => {
    t = await startTestApp();
    const noosie = await t.join(2);
    await t.join(1);
    const [a, b] = await Promise.all([t.connect(1, '?takeover=1'), t.connect(1, '?takeover=1')]);
    await Promise.all([a.next('connection_info'), b.next('connection_info')]);
    const closed = await Promise.race([a.closed.then(() => a), b.closed.then(() => b)]);
    const live = closed === a ? b : a;
    expect(closed.received.map((f) => f.type)).toContain('session_replaced');
    expect(live.socket.readyState).toBe(WebSocket.OPEN);
    live.send('chat_message', { content: 'the survivor' });
    await expect(noosie.next('chat_message')).resolves.toMatchObject({ content: 'the survivor' });
    expect(noosie.received.filter((f) => f.type === 'status_update' && f.data.status === 'offline')).toHaveLength(0);
  });

  it('lets a window resume its own session straight away, silently, and no other', async () => {
    t = await startTestApp();
    const noosie = await t.join(2);
    const window = await t.join(1);
    const { session_id: sessionId } = window.received[0].data as { session_id: string };
    const stranger = await t.connect(1, '?resume=someone-elses-session');
    await expect(stranger.next('session_full')).resolves.toBeDefined();

    const again = await t.join(1, `?resume=${sessionId}`); // the server has not noticed the drop yet
    expect((await window.closed).code).toBe(1006);
    expect(window.received.map((f) => f.type)).not.toContain('session_replaced');
    again.send('chat_message', { content: 'back' });
    await expect(noosie.next('chat_message')).resolves.toMatchObject({ content: 'back' });
    expect(noosie.received.filter((f) => f.type === 'status_update' && f.data.status === 'offline')).toHaveLength(0);
  });

  it('lets only a holder of the token take over', async () => {
    t = await startTestApp({ USER_1_TOKEN: 'poosie-takeover-token-1a2b', USER_2_TOKEN: 'noosie-takeover-token-3c4d' });
    const owner = await t.join(1, '?token=poosie-takeover-token-1a2b');
    await expect(ChatClient.refusal(t.wsUrl('/ws/1?takeover=1'))).resolves.toBe(401);
    await expect(ChatClient.refusal(t.wsUrl('/ws/1?takeover=1&token=noosie-takeover-token-3c4d'))).resolves.toBe(401);
    owner.send('heartbeat');
    await expect(owner.next('heartbeat')).resolves.toBeDefined();
  });
});
