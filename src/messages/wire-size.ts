/** Characters JSON.stringify writes as more than themselves: quote, backslash, controls, lone surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * Bytes `text` takes inside a JSON frame: its UTF-8, with JSON's escapes counted ("\u0001" takes
 * six). Limits count this, not the raw length, so they bound the frames the server builds. Text
 * with nothing to escape (nearly all of it) is measured without building its JSON form.
 */
export function jsonStringBytes(text: string): number {
  if (!ESCAPED.test(text)) {
    return Buffer.byteLength(text, 'utf8');
  }
  return Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;
}
