import request from 'supertest';
import { ChatClient } from './support/chat-client';
import { startServerProcess, ServerProcess } from './support/server-process';

const KEY = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
const TOKEN_1 = 'poosie-process-token-31415926535';
const TOKEN_2 = 'noosie-process-token-27182818284';
const SECRET_TEXT = 'the-words-nobody-else-may-read';
const production = { NODE_ENV: 'production', ENCRYPTION_KEY: KEY, USER_1_TOKEN: TOKEN_1, USER_2_TOKEN: TOKEN_2 };

/** What a server that must not start printed before it exited. */
async function failureOf(env: Record<string, string>): Promise<string> {
  const started = await startServerProcess(env).catch((error: Error) => error.message);
  if (typeof started !== 'string') {
    started.child.kill('SIGKILL');
    throw new Error('the server started');
  }
  return started;
}

describe('the built server as a process (e2e)', () => {
  let server: ServerProcess | undefined;

  afterEach(() => {
    server?.child.kill('SIGKILL');
    server = undefined;
  });

  it('runs a whole session, shuts down on SIGTERM with 1001 and exit 0, and never logs a secret', async () => {
    server = await startServerProcess(production);
    const ws = (path: string): string => `ws://127.0.0.1:${server?.port}${path}`;
    const poosie = await ChatClient.connect(ws(`/ws/1?token=${TOKEN_1}`));
    const noosie = await ChatClient.connect(ws('/ws/2'), { headers: { Authorization: `Bearer ${TOKEN_2}` } });
    await poosie.next('connection_info');
    await noosie.next('connection_info');

    poosie.send('chat_message', { content: SECRET_TEXT });
    const { id } = await noosie.next('chat_message');
    noosie.send('message_read', { message_id: id });
    await poosie.next('message_read');
    poosie.sendRaw(`{"type": "chat_message", "data": {"content": "${SECRET_TEXT}"`);
    await poosie.next('error');
    poosie.send('chat_message', { content: SECRET_TEXT, message_type: 'image' });
    await poosie.next('error');
    await expect(ChatClient.refusal(ws(`/ws/1?token=${TOKEN_2}`))).resolves.toBe(401);
    await expect(ChatClient.refusal(ws(`/ws/2?token=${TOKEN_2}extra`))).resolves.toBe(401);
    await request(`http://127.0.0.1:${server.port}`)
      .get('/stats')
      .set('Authorization', `Bearer ${TOKEN_1}`)
      .expect(200);

    const started = Date.now();
    server.child.kill('SIGTERM');
    const [poosieClosed, noosieClosed, exit] = await Promise.all([poosie.closed, noosie.closed, server.exited]);
    expect(poosieClosed.code).toBe(1001);
    expect(noosieClosed.code).toBe(1001);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5000);

    const output = server.output();
    expect(output).toContain('Listening on port');
    for (const secret of [KEY, TOKEN_1, TOKEN_2, SECRET_TEXT, KEY.slice(0, 20)]) {
      expect(output).not.toContain(secret);
    }
  });

  it('refuses to start in production without tokens and a key, naming every problem at once, once, without a stack', async () => {
    const failure = await failureOf({ NODE_ENV: 'production', PORT: 'eighty' });
    expect(failure).toMatch(
      /PORT must be.*ENCRYPTION_KEY is required.*USER_1_TOKEN is required.*USER_2_TOKEN is required/,
    );
    expect(failure.match(/Invalid configuration/g)).toHaveLength(1);
    expect(failure).not.toMatch(/\n\s+at /);
    await expect(startServerProcess({ NODE_ENV: 'production', ENCRYPTION_KEY: KEY })).rejects.toThrow(
      /USER_1_TOKEN is required.*USER_2_TOKEN is required/,
    );
  });

  it('refuses weak secrets in production, naming the variables and never the values', async () => {
    const weakKey = Buffer.alloc(32).toString('base64url') + '=';
    const failure = await failureOf({ ...production, ENCRYPTION_KEY: weakKey, USER_2_TOKEN: TOKEN_1 });
    expect(failure).toMatch(/ENCRYPTION_KEY is one byte repeated.*USER_2_TOKEN must differ from USER_1_TOKEN/);
    expect(failure).not.toContain(TOKEN_1);
    expect(failure).not.toContain(weakKey);
  });

  it('starts open in development and says so, ending its start log with the web client URL', async () => {
    server = await startServerProcess({ TRUST_PROXY_HOPS: '1' });
    expect(server.output()).toContain('USER_1_TOKEN and USER_2_TOKEN are not set');
    expect(server.output()).toContain('ENCRYPTION_KEY is not set');
    expect(server.output()).toContain('TRUST_PROXY_HOPS is set outside production');
    expect(server.output().trim()).toMatch(new RegExp(`http://localhost:${server.port}/app$`));
    await request(`http://127.0.0.1:${server.port}`).get('/health').expect(200, { status: 'healthy' });
  });

  it('logs one JSON object per line with LOG_FORMAT=json, and a client that breaks the protocol as a warning', async () => {
    server = await startServerProcess({ LOG_FORMAT: 'json', MAX_FRAME_BYTES: '2048' });
    const client = await ChatClient.connect(`ws://127.0.0.1:${server.port}/ws/1`);
    client.sendRaw('x'.repeat(4096));
    expect((await client.closed).code).toBe(1009);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = server.output().trim().split('\n');
    const entries = lines.map((line) => JSON.parse(line) as { level: string; context?: string; message: string });
    expect(entries.at(-1)).toMatchObject({
      level: 'warn',
      context: 'ChatWsAdapter',
      message: expect.stringContaining('broke the protocol'),
    });
    expect(entries.filter((entry) => entry.level === 'error')).toEqual([]);
    expect(server.output()).not.toMatch(/\n\s+at /);
  });

  it('sends HSTS in production', async () => {
    server = await startServerProcess(production);
    const res = await request(`http://127.0.0.1:${server.port}`).get('/health').expect(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
  });
});
