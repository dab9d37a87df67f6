import request from 'supertest';
import { ChatClient } from './support/chat-client';
import { startTestApp, TestApp } from './support/test-app';

describe('refused frames (e2e)', () => {
  let t: TestApp;
  let poosie: ChatClient;
  let noosie: ChatClient;
  let storedId: string;

  beforeAll(async () => {
    // Two frames per case, many cases a second: the rate limit is tested on its own.
    t = await startTestApp({ MAX_CONTENT_BYTES: '1000', RATE_LIMIT_FRAMES: '10000' });
    poosie = await t.join(1);
    noosie = await t.join(2);
    poosie.send('chat_message', { content: 'kept safe' });
    storedId = (await noosie.next('chat_message')).id;
    await poosie.next('chat_message');
  });

  afterAll(async () => {
    await t.close();
  });

  afterEach(async () => {
    // Whatever was refused, the connection is open and the stored message is as it was.
    poosie.send('heartbeat');
    await poosie.next('heartbeat');
    const stats = await request(t.baseUrl).get('/stats').expect(200);
    expect(stats.body).toMatchObject({ messages_stored: 1, messages_unread: 1, connections: 2 });
    expect(poosie.pending('chat_message')).toHaveLength(0);
    expect(noosie.pending('chat_message')).toHaveLength(0);
    expect(poosie.pending('error')).toHaveLength(0);
  });

  const svg = `data:image/svg+xml;base64,${Buffer.from('<svg onload="alert(1)"/>').toString('base64')}`;
  const htmlAsPng = `data:image/png;base64,${Buffer.from('<html><script>x</script></html>').toString('base64')}`;
  const jpegAsGif = `data:image/gif;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]).toString('base64')}`;

  it.each([
    ['not JSON', 'invalid_json', '{"type": "chat_message", '],
    ['a JSON array', 'invalid_payload', '[1, 2]'],
    ['a frame without type', 'invalid_payload', '{"data": {}}'],
    ['a non-object data', 'invalid_payload', '{"type": "chat_message", "data": "hello"}'],
    ['an unknown type', 'unknown_type', '{"type": "drop_tables", "data": {}}'],
    ['a missing content', 'invalid_payload', '{"type": "chat_message", "data": {"message_type": "text"}}'],
    ['an empty content', 'invalid_payload', '{"type": "chat_message", "data": {"content": ""}}'],
    ['a numeric content', 'invalid_payload', '{"type": "chat_message", "data": {"content": 42}}'],
    [
      'an unknown message_type',
      'invalid_payload',
      '{"type": "chat_message", "data": {"content": "x", "message_type": "video"}}',
    ],
    ['an extra field', 'invalid_payload', '{"type": "chat_message", "data": {"content": "x", "admin": true}}'],
    [
      'a __proto__ key',
      'invalid_payload',
      '{"type": "chat_message", "data": {"content": "x", "__proto__": {"admin": true}}}',
    ],
    [
      'an SVG image',
      'invalid_payload',
      JSON.stringify({ type: 'chat_message', data: { content: svg, message_type: 'image' } }),
    ],
    [
      'HTML posing as PNG',
      'invalid_payload',
      JSON.stringify({ type: 'chat_message', data: { content: htmlAsPng, message_type: 'image' } }),
    ],
    [
      'a JPEG posing as GIF',
      'invalid_payload',
      JSON.stringify({ type: 'chat_message', data: { content: jpegAsGif, message_type: 'gif' } }),
    ],
    [
      'an image that is not a URL',
      'invalid_payload',
      '{"type": "chat_message", "data": {"content": "cat.png", "message_type": "image"}}',
    ],
    [
      'an http gif',
      'invalid_payload',
      '{"type": "chat_message", "data": {"content": "http://x.test/a.gif", "message_type": "gif"}}',
    ],
    [
      'content over MAX_CONTENT_BYTES',
      'payload_too_large',
      JSON.stringify({ type: 'chat_message', data: { content: 'x'.repeat(1001) } }),
    ],
    ['a missing message_id', 'invalid_payload', '{"type": "message_read", "data": {}}'],
    ['a string is_active', 'invalid_payload', '{"type": "tab_visibility", "data": {"is_active": "yes"}}'],
    ['fields on typing', 'invalid_payload', '{"type": "typing", "data": {"x": 1}}'],
  ])('answers %s with %s', async (_what, code, raw) => {
    poosie.sendRaw(raw);
    const error = await poosie.next('error');
    expect(error.code).toBe(code);
    expect(typeof error.message).toBe('string');
  });

  it('answers a binary frame with invalid_json', async () => {
    poosie.sendRaw(Buffer.from([1, 2, 3]));
    await expect(poosie.next('error')).resolves.toMatchObject({ code: 'invalid_json' });
  });

  it('never quotes the refused content back', async () => {
    poosie.sendRaw(
      JSON.stringify({ type: 'chat_message', data: { content: 'my-secret-diary', message_type: 'image' } }),
    );
    const error = await poosie.next('error');
    expect(JSON.stringify(error)).not.toContain('my-secret-diary');
  });

  it('still serves the stored message intact after all of it', async () => {
    await noosie.close();
    noosie = await t.connect(2);
    const info = await noosie.next('connection_info');
    expect(info.messages).toEqual([
      expect.objectContaining({ id: storedId, content: 'kept safe', status: 'delivered' }),
    ]);
  });
});
