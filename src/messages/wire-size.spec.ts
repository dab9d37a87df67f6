import { jsonStringBytes } from './wire-size';

describe('jsonStringBytes', () => {
  it.each([
    ['plain ASCII', 'Hej!'],
    ['UTF-8 letters and emoji', 'Hallå 👋'],
    ['a quote and a backslash', 'say "hi" \\ bye'],
    ['control characters', '\u0001\n\t\u001f'],
    ['a surrogate pair (not escaped)', '😀'],
    ['a lone surrogate (escaped)', 'x\ud800y'],
    ['an empty string', ''],
  ])('counts %s exactly as JSON.stringify writes it', (_what, text) => {
    expect(jsonStringBytes(text)).toBe(Buffer.byteLength(JSON.stringify(text), 'utf8') - 2);
  });
});
