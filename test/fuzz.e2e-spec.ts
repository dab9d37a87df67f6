import fc from 'fast-check';
import { CLIENT_EVENTS, ServerFrame } from '../src/protocol/events';
import { startTestApp, TestApp } from './support/test-app';

const SEED = 20261127;
const FRAMES_PER_KIND = 300;

/** Types that are safe to fuzz: `clear_all` with a valid `{}` would rightly delete everything. */
const FUZZED_TYPES = CLIENT_EVENTS.filter((type) => type !== 'clear_all');

const hostileKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty');

const textFrames: fc.Arbitrary<string>[] = [
  // Any JSON text at all.
  fc.json({ depthSize: 'medium' }),
  // Known types with payloads of any shape.
  fc
    .record({
      type: fc.constantFrom(...FUZZED_TYPES),
      data: fc.anything({ withNullPrototype: true, withBigInt: false }),
    })
    .map(safeStringify),
  // Fields of the right names with values of the wrong types.
  fc
    .record({
      type: fc.constantFrom(...FUZZED_TYPES),
      data: fc.record(
        { content: fc.anything(), message_type: fc.anything(), message_id: fc.anything(), is_active: fc.anything() },
        { requiredKeys: [] },
      ),
    })
    .map(safeStringify),
  // Wrong types for `type` and `data` themselves.
  fc.record({ type: fc.anything(), data: fc.anything() }, { requiredKeys: [] }).map(safeStringify),
  // Prototype-pollution keys at the top level and inside data.
  fc
    .tuple(hostileKeys, fc.constantFrom(...FUZZED_TYPES), fc.jsonValue())
    .map(
      ([key, type, value]) =>
        `{"type":"${type}","data":{"content":"x","${key}":${JSON.stringify(value)}},"${key}":{"polluted":true}}`,
    ),
  // Huge strings and deep nesting.
  fc
    .integer({ min: 10_000, max: 200_000 })
    .map((size) => JSON.stringify({ type: 'chat_message', data: { content: 7, pad: 'x'.repeat(size) } })),
  fc
    .integer({ min: 100, max: 5_000 })
    .map((depth) => `{"type":"chat_message","data":{"content":${'['.repeat(depth)}${']'.repeat(depth)}}}`),
  // Not JSON at all.
  fc.string({ unit: 'binary', maxLength: 300 }),
];

const binaryFrames = fc.uint8Array({ minLength: 0, maxLength: 2048 }).map((bytes) => Buffer.from(bytes));

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return '{"type":';
  }
}

describe('fuzzing both connections (e2e)', () => {
  let t: TestApp;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): number => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    t = await startTestApp({ RATE_LIMIT_FRAMES: '1000000' });
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    await t.close();
  });

  it('survives thousands of malformed frames with every stored message intact', async () => {
    let poosie = await t.join(1);
    const noosie = await t.join(2);
    for (const content of ['first', 'Hallå! 👋', 'third']) {
      poosie.send('chat_message', { content });
      await noosie.next('chat_message', (m) => m.content === content);
    }
    const first = await poosie.next('chat_message', (m) => m.content === 'first');
    noosie.send('message_read', { message_id: first.id });
    await poosie.next('message_read');
    await poosie.close();
    poosie = await t.connect(1);
    const before = (await poosie.next('connection_info')).messages;
    expect(before.map((m) => [m.content, m.status])).toEqual([
      ['first', 'read'],
      ['Hallå! 👋', 'delivered'],
      ['third', 'delivered'],
    ]);

    const frames = [
      ...textFrames.flatMap((arbitrary, kind) => fc.sample(arbitrary, { seed: SEED + kind, numRuns: FRAMES_PER_KIND })),
      ...fc.sample(binaryFrames, { seed: SEED, numRuns: FRAMES_PER_KIND }),
    ];
    expect(frames.length).toBeGreaterThanOrEqual(2700);
    frames.forEach((frame, i) => (i % 2 === 0 ? poosie : noosie).sendRaw(frame));

    // Both still answer: a socket's frames are handled in order, so the echo of a message sent
    // last arrives after every answer to the fuzz. (A heartbeat would not do: the fuzz sends those.)
    for (const [client, marker] of [
      [poosie, 'poosie-done'],
      [noosie, 'noosie-done'],
    ] as const) {
      client.send('chat_message', { content: marker });
      await client.next('chat_message', (m) => m.content === marker, 30_000);
    }
    const errors = [...poosie.received, ...noosie.received].filter(
      (frame): frame is Extract<ServerFrame, { type: 'error' }> => frame.type === 'error',
    );
    expect(errors.length).toBeGreaterThan(frames.length * 0.9);
    expect(errors.filter((frame) => frame.data.code === 'internal_error')).toEqual([]);
    expect(unhandled).toEqual([]);

    // Invalid UTF-8 in a text frame: the WebSocket RFC requires closing (1007); the user reconnects.
    poosie.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await poosie.closed).code).toBe(1007);
    poosie = await t.connect(1);
    const after = (await poosie.next('connection_info')).messages;
    expect(after.slice(0, before.length)).toEqual(before);

    // And both users still chat.
    poosie.send('chat_message', { content: 'still here' });
    await expect(noosie.next('chat_message', (m) => m.content === 'still here')).resolves.toMatchObject({
      sender_id: 1,
    });
    noosie.send('chat_message', { content: 'me too' });
    await expect(poosie.next('chat_message', (m) => m.content === 'me too')).resolves.toMatchObject({ sender_id: 2 });
  }, 60_000);
});
