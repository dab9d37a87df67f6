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

  describe('before parsing', () => {
    afterEach(() => jest.restoreAllMocks());

    it('refuses a frame of nested brackets without building it', () => {
      const parse = jest.spyOn(JSON, 'parse');
      const brackets = 4 * 1024 * 1024;
      const nested = `{"type":"chat_message","data":{"content":${'['.repeat(brackets)}${']'.repeat(brackets)}}}`;
      expect(refusal(nested)).toMatchObject({
        code: 'invalid_payload',
        message: expect.stringContaining('more fields'),
      });
      expect(refusal(`[${'0,'.repeat(1_000_000)}0]`).code).toBe('invalid_payload');
      expect(refusal(`{"type":"typing","data":{${'"a":1,'.repeat(300)}"a":1}}`).code).toBe('invalid_payload');
      expect(refusal('""'.repeat(4 * 1024 * 1024)).code).toBe('invalid_payload'); // strings count too
      expect(parse).not.toHaveBeenCalled();
    });

    it('refuses padding outside the strings without parsing it, and takes a pretty-printed frame', () => {
      const parse = jest.spyOn(JSON, 'parse');
      for (const padding of [' '.repeat(8 * 1024 * 1024), '1'.repeat(8 * 1024 * 1024)]) {
        expect(refusal(`{"type":"typing","data":{"n":${padding}}}`)).toMatchObject({
          code: 'invalid_payload',
          message: expect.stringContaining('outside its strings'),
        });
      }
      expect(parse).not.toHaveBeenCalled();
      parse.mockRestore();
      const data = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`k${i}`, [1.5e300, -2.25e-300, true]]));
      expect(parseClientFrame(JSON.stringify({ type: 'typing', data }, null, 8)).data).toEqual(data);
    });

    it('does not count brackets, commas and colons inside strings, escaped quotes included', () => {
      const content = '[{,:}]"\\'.repeat(50_000);
      expect(parseClientFrame(JSON.stringify({ type: 'chat_message', data: { content } }))).toEqual({
        type: 'chat_message',
        data: { content },
      });
    });

    it('finds where a string ending in a backslash closes, and counts what follows', () => {
      const afterBackslash = String.raw`{"type":"typing","data":{"a":"x\\","b":[` + '[],'.repeat(300) + '[]]}}';
      const parse = jest.spyOn(JSON, 'parse');
      expect(refusal(afterBackslash).code).toBe('invalid_payload');
      expect(parse).not.toHaveBeenCalled();
      parse.mockRestore();
      expect(JSON.parse(afterBackslash)).toMatchObject({ data: { a: 'x\\' } });
    });

    it('lets through a frame near the 64-value limit, brackets and all (62 values, 142 marks)', () => {
      const lists = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`k${i}`, [[], [], []]]));
      const frame = JSON.stringify({ type: 'typing', data: lists });
      expect(parseClientFrame(frame).data).toEqual(lists);
      expect(() => parseClientFrame('not json, at all: {[')).toThrow(expect.objectContaining({ code: 'invalid_json' }));
    });
  });
});
