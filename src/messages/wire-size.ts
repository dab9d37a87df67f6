import { isPlainJsonText } from '../protocol/json-text';
import { countCodePoints } from './deletion-policy';

/** What the limits and the deletion timer count of a text. */
export interface TextMeasure {
  /** Bytes in a JSON frame: UTF-8, with JSON's escapes counted ("\u0001" takes six). */
  wireBytes: number;
  /** Unicode code points: what deletion is timed by. */
  codePoints: number;
}

/**
 * Limits count bytes as sent, so they bound the frames the server builds. Text with nothing to
 * escape and no surrogates (nearly all of it, and every image) is measured with one scan: its
 * UTF-16 units are its code points, and it is not turned into its JSON form.
 */
export function measureText(text: string): TextMeasure {
  if (isPlainJsonText(text)) {
    return { wireBytes: Buffer.byteLength(text, 'utf8'), codePoints: text.length };
  }
  return { wireBytes: Buffer.byteLength(JSON.stringify(text), 'utf8') - 2, codePoints: countCodePoints(text) };
}
