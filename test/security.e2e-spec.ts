import request from 'supertest';
import { ChatClient } from './support/chat-client';
import { startTestApp, TestApp } from './support/test-app';

const TOKEN_1 = 'poosie-secret-token-0123456789';
const TOKEN_2 = 'noosie-secret-token-9876543210';
const tokens = { USER_1_TOKEN: TOKEN_1, USER_2_TOKEN: TOKEN_2 };

describe('access control (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      ...tokens,
      ALLOWED_ORIGINS: 'https://chat.example',
      TRUST_PROXY_HOPS: '1',
      AUTH_MAX_FAILURES: '3',
    });
  });

  afterAll(async () => {
    await t.close();
  });

  const from = (address: string): { headers: Record<string, string> } => ({ headers: { 'X-Forwarded-For': address } });

  it.each([
    ['no token', '/ws/1', {}],
    ['a wrong token', `/ws/1?token=${TOKEN_1}x`, {}],
    ["the other user's token", `/ws/1?token=${TOKEN_2}`, {}],
    ['a wrong bearer token', '/ws/2', { headers: { Authorization: 'Bearer nope' } }],
    ['an invalid user id with a valid token', `/ws/3?token=${TOKEN_1}`, {}],
  ])('refuses the upgrade with 401 for %s', async (_what, path, options) => {
    const address = `198.51.100.${Math.floor(Math.random() * 200)}`;
    const headers = { ...(options as { headers?: Record<string, string> }).headers, ...from(address).headers };
    await expect(ChatClient.refusal(t.wsUrl(path), { headers })).resolves.toBe(401);
  });

  it('admits a token in the query or as a bearer header', async () => {
    const poosie = await t.join(1, `?token=${TOKEN_1}`);
    const noosie = await ChatClient.connect(t.wsUrl('/ws/2'), { headers: { Authorization: `Bearer ${TOKEN_2}` } });
    await expect(noosie.next('connection_info')).resolves.toMatchObject({ user_id: 2 });
    await poosie.close();
    await noosie.close();
  });

  it('refuses an origin that is not allowed, and admits a listed or absent one', async () => {
    const url = t.wsUrl(`/ws/1?token=${TOKEN_1}`);
    await expect(ChatClient.refusal(url, { origin: 'https://evil.example' })).resolves.toBe(403);
    const listed = await ChatClient.connect(url, { origin: 'https://chat.example' });
    await listed.next('connection_info');
    await listed.close();
    const absent = await ChatClient.connect(url);
    await absent.next('connection_info');
    await absent.close();
  });

  it('refuses an address for a while after repeated failures, without touching other addresses', async () => {
    const attacker = from('203.0.113.66');
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(ChatClient.refusal(t.wsUrl('/ws/1?token=guess'), attacker)).resolves.toBe(401);
    }
    await expect(ChatClient.refusal(t.wsUrl(`/ws/1?token=${TOKEN_1}`), attacker)).resolves.toBe(429);
    const user = await ChatClient.connect(t.wsUrl(`/ws/1?token=${TOKEN_1}`), from('203.0.113.10'));
    await expect(user.next('connection_info')).resolves.toMatchObject({ user_id: 1 });
    await user.close();
  });

  it('counts an IPv6 network (/64) as one address, so rotating within it earns no new attempts', async () => {
    for (const host of ['1', 'a:b:c', '2']) {
      await expect(ChatClient.refusal(t.wsUrl('/ws/1?token=guess'), from(`2001:db8:7:1::${host}`))).resolves.toBe(401);
    }
    const sameNetwork = from('2001:db8:7:1:ffff::99');
    await expect(ChatClient.refusal(t.wsUrl(`/ws/1?token=${TOKEN_1}`), sameNetwork)).resolves.toBe(429);
    const user = await ChatClient.connect(t.wsUrl(`/ws/1?token=${TOKEN_1}`), from('2001:db8:7:2::1'));
    await expect(user.next('connection_info')).resolves.toMatchObject({ user_id: 1 });
    await user.close();
  });

  it("forgives a user's own typos once they get in", async () => {
    const typist = from('203.0.113.20');
    for (let round = 0; round < 3; round++) {
      await ChatClient.refusal(t.wsUrl('/ws/2?token=typo'), typist);
      await ChatClient.refusal(t.wsUrl('/ws/2?token=typo'), typist);
      const user = await ChatClient.connect(t.wsUrl(`/ws/2?token=${TOKEN_2}`), typist);
      await user.next('connection_info');
      await user.close();
    }
  });

  it('shows /stats and /users only to a caller with a user token; / and /health stay open', async () => {
    await request(t.baseUrl).get('/stats').expect(401);
    await request(t.baseUrl).get('/users').set('Authorization', 'Bearer wrong').expect(401);
    await request(t.baseUrl).get('/stats').set('Authorization', `Bearer ${TOKEN_1}`).expect(200);
    await request(t.baseUrl).get('/users').set('Authorization', `Bearer ${TOKEN_2}`).expect(200);
    await request(t.baseUrl).get('/health').expect(200);
    await request(t.baseUrl).get('/').expect(200);
  });

  it('throttles token guesses on REST like upgrades: 429 after AUTH_MAX_FAILURES, even for a right token', async () => {
    const guesser = '203.0.113.77';
    for (let attempt = 0; attempt < 3; attempt++) {
      await request(t.baseUrl)
        .get('/stats')
        .set('X-Forwarded-For', guesser)
        .set('Authorization', `Bearer guess-${attempt}`)
        .expect(401);
    }
    await request(t.baseUrl)
      .get('/users')
      .set('X-Forwarded-For', guesser)
      .set('Authorization', `Bearer ${TOKEN_1}`)
      .expect(429);
    await expect(ChatClient.refusal(t.wsUrl(`/ws/1?token=${TOKEN_1}`), from(guesser))).resolves.toBe(429);
    await request(t.baseUrl)
      .get('/users')
      .set('X-Forwarded-For', '203.0.113.78')
      .set('Authorization', `Bearer ${TOKEN_1}`)
      .expect(200);
  });

  it('matches the Origin header however the browser writes scheme, host and default port', async () => {
    const url = t.wsUrl(`/ws/1?token=${TOKEN_1}`);
    const listed = await ChatClient.connect(url, { origin: 'HTTPS://Chat.Example:443' });
    await listed.next('connection_info');
    await listed.close();
    await expect(ChatClient.refusal(url, { origin: 'https://chat.example.evil' })).resolves.toBe(403);
  });

  it.each(['/', '/health', '/app', '/no/such/<script>path', '/stats'])('sends hardened headers on %s', async (path) => {
    const res = await request(t.baseUrl).get(path).set('Authorization', `Bearer ${TOKEN_2}`);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeUndefined(); // not in production
  });

  it('answers an unknown path with a 404 that does not echo it', async () => {
    const res = await request(t.baseUrl).get('/secret-looking-path').expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found' });
  });

  it('reads no request body: a POST of JSON, however malformed, is a plain 404', async () => {
    for (const [type, body] of [
      ['application/json', '{'],
      ['application/json', `${'['.repeat(50_000)}${']'.repeat(50_000)}`],
      ['application/x-www-form-urlencoded', 'a[b][c]=1'],
    ]) {
      const res = await request(t.baseUrl).post('/health').set('Content-Type', type).send(body).expect(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found' });
    }
  });

  it('never puts a token in a refusal', async () => {
    const res = await request(t.baseUrl).get('/users').set('Authorization', `Bearer ${TOKEN_1}x`).expect(401);
    expect(res.text).not.toContain(TOKEN_1);
  });
});

describe('limits (e2e)', () => {
  let t: TestApp;

  afterEach(async () => {
    await t.close();
  });

  /** An app with `env` and both users joined. */
  async function pair(env: Record<string, string>): Promise<[ChatClient, ChatClient]> {
    t = await startTestApp(env);
    const poosie = await t.join(1);
    const noosie = await t.join(2);
    return [poosie, noosie];
  }

  it('closes a connection that sends a frame over MAX_FRAME_BYTES with 1009, and the peer chats on', async () => {
    const [poosie, noosie] = await pair({ MAX_FRAME_BYTES: '4096' });
    poosie.sendRaw(JSON.stringify({ type: 'chat_message', data: { content: 'x'.repeat(5000) } }));
    expect((await poosie.closed).code).toBe(1009);
    await noosie.next('status_update', (s) => s.user_id === 1 && s.status === 'offline');
    const back = await t.join(1);
    back.send('chat_message', { content: 'small is fine' });
    await expect(noosie.next('chat_message')).resolves.toMatchObject({ content: 'small is fine' });
  });

  it('refuses a new message with storage_full rather than dropping stored ones', async () => {
    const [poosie, noosie] = await pair({ MAX_STORED_MESSAGES: '3', MAX_STORED_BYTES: '4096' });
    for (const content of ['one', 'two', 'three']) {
      poosie.send('chat_message', { content });
      await noosie.next('chat_message');
    }
    poosie.send('chat_message', { content: 'four' });
    await expect(poosie.next('error')).resolves.toMatchObject({ code: 'storage_full' });
    await noosie.close();
    const again = await t.connect(2);
    expect((await again.next('connection_info')).messages.map((m) => m.content)).toEqual(['one', 'two', 'three']);
    again.send('clear_all');
    await again.next('clear_all');
    poosie.send('chat_message', { content: 'x'.repeat(4100) }); // its token alone is over 4096 bytes
    await expect(poosie.next('error')).resolves.toMatchObject({ code: 'storage_full' });
  });

  it('answers a flood with one rate_limited and keeps the other user flowing', async () => {
    const [flooder, other] = await pair({ RATE_LIMIT_FRAMES: '5', RATE_LIMIT_WINDOW_SECONDS: '60' });
    for (let i = 0; i < 50; i++) {
      flooder.send('heartbeat');
    }
    await expect(flooder.next('error')).resolves.toEqual({
      code: 'rate_limited',
      message: 'too many frames; wait a moment',
    });
    other.send('chat_message', { content: 'still flowing' });
    await expect(other.next('chat_message')).resolves.toMatchObject({ content: 'still flowing' });
    await other.sync();
    expect(flooder.received.filter((frame) => frame.type === 'heartbeat').length).toBeLessThanOrEqual(5);
    expect(flooder.received.filter((frame) => frame.type === 'error')).toHaveLength(1);
  });

  it('closes a flood that lasts three windows with 1008 and keeps that user out for a while', async () => {
    const [flooder, other] = await pair({
      RATE_LIMIT_FRAMES: '5',
      RATE_LIMIT_WINDOW_SECONDS: '0.1',
      FLOOD_COOLDOWN_SECONDS: '60',
    });
    // Each tick is a new window on the test's clock, each over the limit (but under ten times it).
    const flood = setInterval(() => {
      t.clock.advance(100);
      for (let i = 0; i < 7; i++) {
        flooder.send('heartbeat');
      }
    }, 5);
    const closed = await flooder.closed.finally(() => clearInterval(flood));
    expect(closed.code).toBe(1008);
    await other.next('status_update', (s) => s.user_id === 1 && s.status === 'offline');
    await expect(ChatClient.refusal(t.wsUrl('/ws/1'))).resolves.toBe(429);
    other.send('chat_message', { content: 'unbothered' });
    await expect(other.next('chat_message')).resolves.toMatchObject({ content: 'unbothered' });
  });

  it('terminates a connection that stops answering pings and frees its slot', async () => {
    t = await startTestApp({ PING_INTERVAL_SECONDS: '0.1' });
    const watcher = await t.join(2);
    const silent = await ChatClient.connect(t.wsUrl('/ws/1'), { autoPong: false });
    await silent.next('connection_info');
    await watcher.next('status_update', (s) => s.user_id === 1 && s.status === 'online');
    expect((await silent.closed).code).toBe(1006);
    await watcher.next('status_update', (s) => s.user_id === 1 && s.status === 'offline');
    await t.join(1);
  });
});
