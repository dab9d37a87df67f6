import { measureText } from './wire-size';

describe('measureText', () => {
  it.each([
    ['plain ASCII', 'Hej!'],
    ['UTF-8 letters and emoji', 'Hallå 👋'],
    ['a quote and a backslash', 'say "hi" \\ bye'],
    ['control characters', '\u0001\n\t\u001f'],
    ['a surrogate pair (not escaped)', '😀'],
    ['a lone surrogate (escaped)', 'x\ud800y'],
    ['an emoji among escapes', '"👋"\n'],
    ['an empty string', ''],
  ])('counts %s exactly as JSON.stringify writes it, and its code points', (_what, text) => {
    expect(measureText(text)).toEqual({
      wireBytes: Buffer.byteLength(JSON.stringify(text), 'utf8') - 2,
      codePoints: Array.from(text).length,
    });
  });
});
