import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { IncomingMessage } from 'node:http';
import { createServer, globalAgent, Server } from 'node:https';
import { join } from 'node:path';
import { decrypt } from 'http_ece';
import { generateVAPIDKeys } from 'web-push';
import { PushService } from '../src/push/push.service';
import { ChatClient } from './support/chat-client';
import { startTestApp, TestApp } from './support/test-app';

const CERT = readFileSync(join(__dirname, 'fixtures', 'push-service.crt'));
const KEY = readFileSync(join(__dirname, 'fixtures', 'push-service.key'));

interface PushRequest {
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A push service on loopback (TLS with a test certificate), answering with `status()`. */
async function startPushService(
  status: () => number,
): Promise<{ server: Server; port: number; requests: PushRequest[] }> {
  const requests: PushRequest[] = [];
  const server = createServer({ cert: CERT, key: KEY }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(status()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, requests };
}

/** Checks the VAPID JWT (RFC 8292) against the server's public key; returns its claims. */
function vapidClaims(authorization: string, publicKey: string): Record<string, unknown> {
  const [, token, key] = /^vapid t=([^,]+), k=(.+)$/.exec(authorization) ?? [];
  expect(key).toBe(publicKey);
  const [header, payload, signature] = token.split('.');
  const raw = Buffer.from(publicKey, 'base64url');
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: raw.subarray(1, 33).toString('base64url'),
    y: raw.subarray(33).toString('base64url'),
  };
  const valid = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  expect(valid).toBe(true);
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
}

describe('Web Push (e2e, against a push service on loopback)', () => {
  let t: TestApp;
  let push: Awaited<ReturnType<typeof startPushService>>;
  let answer = 201;
  const vapid = generateVAPIDKeys();
  const savedCa = globalAgent.options.ca;

  beforeAll(async () => {
    push = await startPushService(() => answer);
    globalAgent.options.ca = CERT; // this process trusts the test push service's certificate
    t = await startTestApp({
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:chat@example.com',
      PUSH_ALLOWED_HOSTS: `127.0.0.1:${push.port},*.push.example`,
    });
  });

  afterAll(async () => {
    await t.close();
    globalAgent.options.ca = savedCa;
    await new Promise((resolve) => push.server.close(resolve));
  });

  /** A subscription as a browser makes it: its own P-256 key pair and auth secret. */
  function browserSubscription(): {
    ecdh: ReturnType<typeof createECDH>;
    auth: Buffer;
    json: object;
    endpoint: string;
  } {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    const endpoint = `https://127.0.0.1:${push.port}/push/${randomBytes(8).toString('hex')}`;
    return {
      ecdh,
      auth,
      endpoint,
      json: { endpoint, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } },
    };
  }

  async function until(condition: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 200 && !condition(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (!condition()) {
      throw new Error(`never: ${what}`);
    }
  }

  it('pushes a content-free, VAPID-signed, encrypted notice to a receiver who is not online; a 410 forgets it', async () => {
    const noosie = await t.join(2);
    expect(noosie.received[0].data).toMatchObject({ push: { vapid_public_key: vapid.publicKey } });
    const phone = browserSubscription();
    noosie.send('push_subscribe', phone.json);
    await noosie.sync();
    await noosie.close();
    const poosie = await t.join(1);

    poosie.send('chat_message', { content: 'are you there? (secret words)' });
    await poosie.next('chat_message');
    await until(() => push.requests.length === 1, 'the push request');
    const [request] = push.requests;
    const claims = vapidClaims(String(request.headers.authorization), vapid.publicKey);
    expect(claims).toMatchObject({ aud: `https://127.0.0.1:${push.port}`, sub: 'mailto:chat@example.com' });
    expect(request.headers['content-encoding']).toBe('aes128gcm');
    const payload = decrypt(request.body, {
      version: 'aes128gcm',
      privateKey: phone.ecdh,
      authSecret: phone.auth.toString('base64url'),
    });
    expect(payload.toString()).toBe('{"type":"new_message"}');

    poosie.send('chat_message', { content: 'right after' });
    await poosie.next('chat_message', (m) => m.content === 'right after');
    await poosie.sync();
    expect(push.requests).toHaveLength(1); // one notice is enough for a burst

    answer = 410; // the browser unsubscribed
    t.clock.advance(10_000);
    poosie.send('chat_message', { content: 'second' });
    await until(() => push.requests.length === 2, 'the second push request');
    await until(() => t.app.get(PushService).subscriptionCount(2) === 0, 'the subscription forgotten');
    answer = 201;
    poosie.send('chat_message', { content: 'third' });
    await poosie.next('chat_message', (m) => m.content === 'third');
    await poosie.sync();
    expect(push.requests).toHaveLength(2);
    await poosie.close();
  });

  it('does not push to a receiver who is online', async () => {
    const before = push.requests.length;
    const noosie = await t.join(2);
    noosie.send('push_subscribe', browserSubscription().json);
    const poosie = await t.join(1);
    poosie.send('chat_message', { content: 'you are here anyway' });
    await noosie.next('chat_message');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(push.requests.length).toBe(before);
    await Promise.all([noosie.close(), poosie.close()]);
  });

  it.each([
    ['a host not on PUSH_ALLOWED_HOSTS', 'https://push.evil.example/x'],
    ['a port no push service uses, on a host a wildcard allows', 'https://web.push.example:22/x'],
    ['the port of an allowed host:port, on another host', 'https://localhost:1/x'],
    ['plain http', 'http://127.0.0.1:1/x'],
    ['not a URL', 'push me'],
  ])('refuses an endpoint on %s with invalid_payload', async (_what, endpoint) => {
    const client = await t.join(1);
    client.send('push_subscribe', { endpoint, keys: { p256dh: 'BAAA', auth: 'AAAA' } });
    await expect(client.next('error')).resolves.toMatchObject({ code: 'invalid_payload' });
    expect(t.app.get(PushService).subscriptionCount(1)).toBe(0);
    await client.close();
  });

  it('keeps the five newest subscriptions of a user', async () => {
    const client = await t.join(1);
    for (let i = 0; i < 7; i++) {
      client.send('push_subscribe', browserSubscription().json);
    }
    await client.sync();
    expect(t.app.get(PushService).subscriptionCount(1)).toBe(5);
    await client.close();
  });
});

describe('Web Push switched off (e2e)', () => {
  it('says so at start, offers no key, and refuses subscriptions', async () => {
    const t = await startTestApp();
    const client: ChatClient = await t.join(1);
    expect(client.received[0].data).not.toHaveProperty('push');
    client.send('push_subscribe', { endpoint: 'https://fcm.googleapis.com/x', keys: { p256dh: 'BAAA', auth: 'AAAA' } });
    await expect(client.next('error')).resolves.toMatchObject({
      code: 'invalid_payload',
      message: expect.stringContaining('not configured'),
    });
    await t.close();
  });
});
