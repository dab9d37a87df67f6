/**
 * Bytes `text` takes inside a JSON frame: its UTF-8, with JSON's escapes counted ("\u0001" takes
 * six). Limits count this, not the raw length, so they bound the frames the server builds.
 */
export function jsonStringBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;
}
