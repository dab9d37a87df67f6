import request from 'supertest';
import { CryptoService } from '../src/crypto/crypto.service';
import { MessagesRepository } from '../src/messages/messages.repository';
import { deriveE2eKey, openE2e, sealE2e } from '../src/web/client/e2e-crypto';
import { ChatClient } from './support/chat-client';
import { solidPng } from './support/png';
import { startTestApp, TestApp } from './support/test-app';

const KEY = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
const SECRET = 'our secret plan 🤫';
const ITERATIONS = 1000; // the protocol's 600,000 are checked against the vectors in the unit spec

describe('end-to-end encrypted messages through the server (e2e)', () => {
  let t: TestApp;
  let poosie: ChatClient;
  let noosie: ChatClient;
  let key: CryptoKey;

  async function start(env: Record<string, string> = {}): Promise<void> {
    t = await startTestApp({ ENCRYPTION_KEY: KEY, ...env });
    poosie = await t.join(1);
    noosie = await t.join(2);
    const { salt } = (poosie.received[0].data as { e2e: { salt: string } }).e2e;
    key = (await deriveE2eKey('shared words', salt, ITERATIONS)).key;
  }

  afterEach(async () => {
    await t.close();
  });

  /** Every content the server holds, opened with its Fernet key. */
  function storedContents(): string[] {
    const crypto = t.app.get(CryptoService);
    return Array.from(t.app.get(MessagesRepository).all(), (message) => crypto.decrypt(message.token));
  }

  it('relays ciphertext it cannot read, marked encrypted, and times deletion by the declared char_count', async () => {
    await start();
    const content = await sealE2e(key, 1, 'text', SECRET);
    poosie.send('chat_message', { content, encrypted: true, char_count: Array.from(SECRET).length });
    const received = await noosie.next('chat_message');
    expect(received).toMatchObject({ content, encrypted: true, char_count: 17 });
    await expect(openE2e(key, 1, 'text', received.content)).resolves.toBe(SECRET);
    expect(storedContents()).toEqual([content]);
    expect(JSON.stringify(storedContents())).not.toContain('secret');

    noosie.send('message_read', { message_id: received.id });
    const receipt = await poosie.next('message_read');
    expect(Date.parse(receipt.delete_at) - Date.parse(receipt.read_at)).toBe((30 + 17 * 0.5) * 1000);
  });

  it('carries an encrypted image and an encrypted edit', async () => {
    await start();
    const image = `data:image/png;base64,${solidPng(4, 4, [9, 9, 9]).toString('base64')}`;
    const sealed = await sealE2e(key, 1, 'image', image);
    poosie.send('chat_message', { content: sealed, message_type: 'image', encrypted: true, char_count: image.length });
    const { id } = await noosie.next('chat_message', (m) => m.message_type === 'image');
    await expect(openE2e(key, 1, 'image', sealed)).resolves.toBe(image);

    const text = await sealE2e(key, 1, 'text', 'first');
    poosie.send('chat_message', { content: text, encrypted: true, char_count: 5 });
    const message = await noosie.next('chat_message', (m) => m.message_type === 'text');
    const edited = await sealE2e(key, 1, 'text', 'second!');
    poosie.send('edit_message', { message_id: message.id, content: edited, encrypted: true, char_count: 7 });
    await expect(noosie.next('message_edited')).resolves.toMatchObject({
      content: edited,
      encrypted: true,
      char_count: 7,
    });
    poosie.send('edit_message', { message_id: id, content: edited, encrypted: true, char_count: 7 });
    await expect(poosie.next('error')).resolves.toMatchObject({ code: 'not_editable' });
  });

  it.each([
    ['no prefix', { content: 'b2theQ', encrypted: true, char_count: 1 }],
    ['not base64url', { content: 'e2e1.abc$def', encrypted: true, char_count: 1 }],
    [
      'too short for IV and tag',
      { content: 'e2e1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', encrypted: true, char_count: 1 },
    ],
    ['no char_count', { content: 'REAL', encrypted: true }],
    ['a char_count of 0', { content: 'REAL', encrypted: true, char_count: 0 }],
    ['a char_count past the ciphertext', { content: 'REAL', encrypted: true, char_count: 1_000_000 }],
    ['a fractional char_count', { content: 'REAL', encrypted: true, char_count: 2.5 }],
    ['a char_count on plain text', { content: 'hello', char_count: 5 }],
  ])('refuses %s with invalid_payload and stores nothing', async (_what, data) => {
    await start();
    const real = await sealE2e(key, 1, 'text', 'abcdef');
    const frameData = { ...data, content: data.content === 'REAL' ? real : data.content };
    poosie.sendRaw(JSON.stringify({ type: 'chat_message', data: frameData }));
    await expect(poosie.next('error')).resolves.toMatchObject({ code: 'invalid_payload' });
    expect(storedContents()).toEqual([]);
  });

  it('with REQUIRE_E2E, refuses plain messages and edits with e2e_required and stores nothing', async () => {
    await start({ REQUIRE_E2E: 'true' });
    expect(poosie.received[0].data).toMatchObject({ e2e: { required: true } });
    poosie.send('chat_message', { content: 'in the clear' });
    await expect(poosie.next('error')).resolves.toMatchObject({ code: 'e2e_required' });
    expect(storedContents()).toEqual([]);
    const content = await sealE2e(key, 1, 'text', 'fine');
    poosie.send('chat_message', { content, encrypted: true, char_count: 4 });
    const { id } = await noosie.next('chat_message');
    poosie.send('edit_message', { message_id: id, content: 'in the clear' });
    await expect(poosie.next('error')).resolves.toMatchObject({ code: 'e2e_required' });
    expect(storedContents()).toEqual([content]);
    const stats = await request(t.baseUrl).get('/stats').expect(200);
    expect(stats.body).toMatchObject({ messages_stored: 1 });
  });

  it("sends the same salt to both users and on every connection, derived from the deployment's key", async () => {
    await start();
    const salts = [poosie, noosie].map((client) => (client.received[0].data as { e2e: { salt: string } }).e2e.salt);
    expect(salts[0]).toBe(salts[1]);
    const other = await startTestApp({ ENCRYPTION_KEY: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' });
    const elsewhere = await other.join(1);
    expect((elsewhere.received[0].data as { e2e: { salt: string } }).e2e.salt).not.toBe(salts[0]);
    await other.close();
  });
});
