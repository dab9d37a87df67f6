import { ChatError } from '../common/chat.error';
import { parseClientFrame } from './client-frame.parser';

function refusal(raw: string): ChatError {
  try {
    parseClientFrame(raw);
  } catch (error) {
    return error as ChatError;
  }
  throw new Error('the frame was accepted');
}

const withKeys = (count: number): string =>
  JSON.stringify({ type: 'typing', data: Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i])) });

describe('parseClientFrame', () => {
  it('returns type and data of a well-formed frame', () => {
    expect(parseClientFrame('{"type":"chat_message","data":{"content":"Hej"}}')).toEqual({
      type: 'chat_message',
      data: { content: 'Hej' },
    });
  });

  it('refuses an object with more keys than any payload has, before anything validates it', () => {
    expect(() => parseClientFrame(withKeys(16))).not.toThrow();
    expect(refusal(withKeys(17))).toMatchObject({
      code: 'invalid_payload',
      message: expect.stringContaining('more fields'),
    });
    expect(refusal(withKeys(100_000)).code).toBe('invalid_payload');
  });

  it('refuses a frame with many values spread over small objects', () => {
    const spread = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`o${i}`, { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 }]),
    );
    expect(refusal(JSON.stringify({ type: 'typing', data: spread })).code).toBe('invalid_payload');
  });

  it('refuses a long array', () => {
    expect(
      refusal(JSON.stringify({ type: 'typing', data: { list: Array.from({ length: 1000 }, () => 0) } })).code,
    ).toBe('invalid_payload');
  });

  it('refuses nesting deeper than 8 levels and prototype keys', () => {
    expect(refusal(`{"type":"typing","data":${'{"a":'.repeat(10)}1${'}'.repeat(10)}}`).message).toContain('deeper');
    expect(refusal('{"type":"typing","data":{"__proto__":{}}}').message).toContain('__proto__');
  });
});
