/** Characters JSON.stringify writes as more than themselves (quote, backslash, controls), and surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const ESCAPED_OR_SURROGATE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * Whether JSON.stringify writes `text` as itself between quotes, and its UTF-16 units are its
 * code points (no surrogates): true of nearly all text, and of every base64 image.
 */
export function isPlainJsonText(text: string): boolean {
  return !ESCAPED_OR_SURROGATE.test(text);
}
