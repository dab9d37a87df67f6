import { ServerFrame } from '../protocol/events';

/** Inside a JSON string every quote is escaped, so this can only be the `content` key itself. */
const EMPTY_CONTENT = '"content":""';

/**
 * What JSON writes for each byte that cannot stand for itself in a string (the quote, the
 * backslash and the control characters), taken from JSON.stringify so the two never differ.
 */
const ESCAPES: (Buffer | undefined)[] = Array.from({ length: 256 }, (_, byte) =>
  byte < 0x20 || byte === 0x22 || byte === 0x5c
    ? Buffer.from(JSON.stringify(String.fromCharCode(byte)).slice(1, -1), 'latin1')
    : undefined,
);

/**
 * `serverFrame` as UTF-8 JSON with its empty `content` filled in from `content`, the text's UTF-8
 * bytes (valid UTF-8, as every sealed text is): byte for byte what stringifying the frame with the
 * text would give, without the text ever becoming a string. Streaming a history of 1 MB images
 * that way made each a 1 MB string and a 1 MB frame string, garbage that V8 let grow the heap by
 * tens of MB before collecting it.
 */
export function serializeWithContent(serverFrame: ServerFrame, content: Buffer): Buffer {
  const text = JSON.stringify(serverFrame);
  const slot = text.indexOf(EMPTY_CONTENT);
  if (slot < 0) {
    throw new Error('the frame has no empty content to fill');
  }
  const head = text.slice(0, slot + EMPTY_CONTENT.length - 1); // up to the opening quote
  const tail = text.slice(slot + EMPTY_CONTENT.length - 1); // from the closing quote
  let escapedBytes = content.length;
  for (let i = 0; i < content.length; i++) {
    const escape = ESCAPES[content[i]];
    if (escape !== undefined) {
      escapedBytes += escape.length - 1;
    }
  }
  const headBytes = Buffer.byteLength(head);
  const out = Buffer.allocUnsafe(headBytes + escapedBytes + Buffer.byteLength(tail));
  out.write(head, 0);
  let at = headBytes;
  if (escapedBytes === content.length) {
    at += content.copy(out, at);
  } else {
    for (let i = 0; i < content.length; i++) {
      const escape = ESCAPES[content[i]];
      if (escape === undefined) {
        out[at++] = content[i];
      } else {
        at += escape.copy(out, at);
      }
    }
  }
  out.write(tail, at);
  return out;
}
