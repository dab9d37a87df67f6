import { Server } from 'node:http';
import { connect, Socket } from 'node:net';
import request from 'supertest';
import { WebSocket } from 'ws';
import { ChatClient } from './support/chat-client';
import { ServerProcess, startServerProcess } from './support/server-process';
import { startTestApp, TestApp } from './support/test-app';

const TOKEN_1 = 'poosie-abuse-token-5f2a9c1e7b3d';
const TOKEN_2 = 'noosie-abuse-token-8e4b6d2f0a1c';
const tokens = { USER_1_TOKEN: TOKEN_1, USER_2_TOKEN: TOKEN_2 };

/** A raw TCP socket from another loopback address, which keeps its side open unless told. */
function rawSocket(t: TestApp, from: string): Promise<Socket> {
  const { port } = new URL(t.baseUrl);
  const socket = connect({ host: '127.0.0.1', port: Number(port), localAddress: from, allowHalfOpen: true });
  socket.on('error', () => undefined);
  socket.resume(); // flowing, so the server's FIN shows as 'end'
  return new Promise((resolve) => socket.once('connect', () => resolve(socket)));
}

const closedByServer = (socket: Socket): Promise<void> =>
  new Promise((resolve) =>
    socket.readableEnded || socket.destroyed ? resolve() : socket.once('end', resolve).once('close', resolve),
  );

function openConnections(t: TestApp): Promise<number> {
  return new Promise((resolve, reject) =>
    (t.app.getHttpServer() as Server).getConnections((error: Error | null, count: number) =>
      error ? reject(error) : resolve(count),
    ),
  );
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`never: ${what}`);
}

describe('sockets a stranger opens (e2e)', () => {
  let t: TestApp;

  afterEach(async () => {
    await t.close();
  });

  it('destroys refused upgrades even when the client never closes its side', async () => {
    t = await startTestApp({ ...tokens, AUTH_MAX_FAILURES: '1000' });
    const baseline = await openConnections(t);
    const sockets = await Promise.all(Array.from({ length: 20 }, () => rawSocket(t, '127.0.0.2')));
    for (const [i, socket] of sockets.entries()) {
      const path = ['/ws/1?token=wrong', '/nowhere', '/ws/9'][i % 3];
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    }
    await Promise.all(sockets.map(closedByServer));
    await until(async () => (await openConnections(t)) === baseline, 'the refused sockets are gone on the server');
    sockets.forEach((socket) => socket.destroy());
    const poosie = await t.join(1, `?token=${TOKEN_1}`);
    await poosie.close();
  });

  it('bounds the idle sockets one address may hold, and times out those that never ask', async () => {
    t = await startTestApp({ MAX_SOCKETS_PER_ADDRESS: '5', HANDSHAKE_TIMEOUT_SECONDS: '0.3' });
    const held = await Promise.all(Array.from({ length: 5 }, () => rawSocket(t, '127.0.0.3')));
    const extra = await rawSocket(t, '127.0.0.3');
    await closedByServer(extra); // at once: the address holds its five already
    const other = await rawSocket(t, '127.0.0.4');
    expect(other.destroyed || other.readableEnded).toBe(false); // another address is not affected
    await request(t.baseUrl).get('/health').expect(200);
    const poosie = await t.join(1); // nor is the real user
    await Promise.all([...held, other].map(closedByServer)); // none of them sent a request in time
    await until(async () => (await openConnections(t)) === 1, 'only the chat socket is left');
    poosie.send('chat_message', { content: 'still here' });
    await expect(poosie.next('chat_message')).resolves.toMatchObject({ content: 'still here' });
  });

  it("behind a proxy, bounds no address (every socket is the proxy's) but still times out the silent", async () => {
    t = await startTestApp({ TRUST_PROXY_HOPS: '1', MAX_SOCKETS_PER_ADDRESS: '2', HANDSHAKE_TIMEOUT_SECONDS: '0.3' });
    // The proxy's pooled connections, each kept alive after answering one visitor's request.
    const pooled = await Promise.all(Array.from({ length: 4 }, () => rawSocket(t, '127.0.0.5')));
    const answers = pooled.map((socket, i) => {
      socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.${i + 1}\r\n\r\n`);
      return new Promise<string>((resolve) =>
        socket.once('data', (chunk: Buffer) => resolve(chunk.toString())).once('close', () => resolve('closed')),
      );
    });
    for (const answer of await Promise.all(answers)) {
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    }
    expect(pooled.every((socket) => !socket.readableEnded && !socket.destroyed)).toBe(true);
    const silent = await rawSocket(t, '127.0.0.5');
    await closedByServer(silent); // after HANDSHAKE_TIMEOUT_SECONDS, as without a proxy
    pooled.forEach((socket) => socket.destroy());
  });
});

describe('what a token holder can send (e2e)', () => {
  let t: TestApp;

  afterEach(async () => {
    await t.close();
  });

  it('refuses a frame with 100,000 keys before validating it, and the other user is not held up', async () => {
    t = await startTestApp();
    const poosie = await t.join(1);
    const noosie = await t.join(2);
    const keys = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 1]));
    poosie.sendRaw(JSON.stringify({ type: 'typing', data: keys }));
    await expect(poosie.next('error')).resolves.toEqual({
      code: 'invalid_payload',
      message: 'the frame has more fields than any message of the protocol',
    });
    noosie.send('chat_message', { content: 'not held up' });
    await expect(poosie.next('chat_message')).resolves.toMatchObject({ content: 'not held up' });
  });

  it('refuses a frame-sized nest of brackets, or of padding, without parsing it, and keeps every message', async () => {
    t = await startTestApp();
    const poosie = await t.join(1);
    const noosie = await t.join(2);
    noosie.send('chat_message', { content: 'kept' });
    await poosie.next('chat_message');
    const parse = jest.spyOn(JSON, 'parse');
    try {
      // Just under MAX_FRAME_BYTES (8 MiB): parsed, it took ~1 s and ~240 MB of heap.
      const brackets = 4_000_000;
      poosie.sendRaw(`{"type":"chat_message","data":{"content":${'['.repeat(brackets)}${']'.repeat(brackets)}}}`);
      await expect(poosie.next('error')).resolves.toEqual({
        code: 'invalid_payload',
        message: 'the frame has more fields than any message of the protocol',
      });
      // Padding outside the strings: walking it cost three times its parse.
      poosie.sendRaw(`{"type":"typing","data":{}${' '.repeat(8_000_000)}}`);
      await expect(poosie.next('error')).resolves.toEqual({
        code: 'invalid_payload',
        message: 'the frame has more outside its strings than any message of the protocol',
      });
      expect(parse.mock.calls.some(([text]) => text.length > 1_000_000)).toBe(false);
    } finally {
      parse.mockRestore();
    }
    noosie.send('chat_message', { content: 'not held up' });
    await expect(poosie.next('chat_message')).resolves.toMatchObject({ content: 'not held up' });
    const stats = await request(t.baseUrl).get('/stats').expect(200);
    expect(stats.body).toMatchObject({ messages_stored: 2 });
  });

  it('counts pings against the frame rate', async () => {
    t = await startTestApp({ RATE_LIMIT_FRAMES: '5', RATE_LIMIT_WINDOW_SECONDS: '60' });
    const pinger = await t.join(1);
    for (let i = 0; i < 20; i++) {
      pinger.socket.ping();
    }
    await expect(pinger.next('error')).resolves.toMatchObject({ code: 'rate_limited' });
  });

  it('does not take an unsolicited pong as a sign of life', async () => {
    t = await startTestApp({ PING_INTERVAL_SECONDS: '0.1', RATE_LIMIT_FRAMES: '1000' });
    const watcher = await t.join(2);
    const faker = await ChatClient.connect(t.wsUrl('/ws/1'), { autoPong: false });
    await faker.next('connection_info');
    const pongs = setInterval(
      () => faker.socket.readyState === WebSocket.OPEN && faker.socket.pong(Buffer.from('alive')),
      10,
    );
    const closed = await faker.closed.finally(() => clearInterval(pongs));
    expect(closed.code).toBe(1006);
    await watcher.next('status_update', (s) => s.user_id === 1 && s.status === 'offline');
  });

  it('drops a client that stops reading instead of holding its replies, and keeps every message', async () => {
    t = await startTestApp({ MAX_FRAME_BYTES: String(64 * 1024), RATE_LIMIT_FRAMES: '10000' });
    const sender = await t.join(2);
    const stalled = await t.join(1);
    stalled.socket.pause(); // reads nothing more from its TCP socket
    const content = 'x'.repeat(60_000);
    for (let i = 0; i < 400; i++) {
      sender.send('chat_message', { content });
    }
    await sender.next('status_update', (s) => s.user_id === 1 && s.status === 'offline', 10_000);
    await sender.sync();
    const stats = await request(t.baseUrl).get('/stats').expect(200);
    const stored = stats.body.messages_stored as number;
    expect(stored).toBeGreaterThan(0);
    expect(sender.received.filter((f) => f.type === 'chat_message')).toHaveLength(stored);
  });
});

describe('a store full of what a token holder chose (e2e, the built server)', () => {
  let server: ServerProcess | undefined;

  afterEach(() => {
    server?.child.kill('SIGKILL');
    server = undefined;
  });

  it('refuses content whose JSON form is over the limit, and serves a long history whole and in order', async () => {
    server = await startServerProcess({ HISTORY_IN_CONNECTION_INFO_BYTES: '100', RATE_LIMIT_FRAMES: '200' });
    const ws = (path: string): string => `ws://127.0.0.1:${server?.port}${path}`;
    const poosie = await ChatClient.connect(ws('/ws/1'));
    await poosie.next('connection_info');
    // 1.4 M control characters: 1.4 MB as text, 8 MB as JSON. 66 of them once built a
    // connection_info longer than V8's longest string, and the process exited.
    const escaped = JSON.stringify({ type: 'chat_message', data: { content: '\u0001'.repeat(1_398_000) } });
    for (let i = 0; i < 66; i++) {
      poosie.sendRaw(escaped);
      await expect(poosie.next('error', undefined, 10_000)).resolves.toMatchObject({ code: 'payload_too_large' });
    }
    const sent = Array.from({ length: 50 }, (_, i) => `history line ${i} \u0001 "quoted"`);
    for (const content of sent) {
      poosie.send('chat_message', { content });
      await poosie.next('chat_message');
    }
    const noosie = await ChatClient.connect(ws('/ws/2'));
    const info = await noosie.next('connection_info');
    expect(info.messages.length).toBeGreaterThan(0);
    expect(info.history_pending).toBe(sent.length - info.messages.length);
    const streamed: string[] = [];
    for (let i = 0; i < info.history_pending; i++) {
      streamed.push((await noosie.next('chat_message')).content);
    }
    expect([...info.messages.map((m) => m.content), ...streamed]).toEqual(sent);
    poosie.send('chat_message', { content: 'after the history' });
    await expect(noosie.next('chat_message')).resolves.toMatchObject({ content: 'after the history' });
    await Promise.all([poosie.close(), noosie.close()]);
    expect(server.child.exitCode).toBeNull();
  }, 60_000);
});
