import { ServerFrame } from '../protocol/events';
import { isPlainJsonText } from '../protocol/json-text';

/** Inside a JSON string every quote is escaped, so this can only be the `content` key itself. */
const EMPTY_CONTENT = '"content":""';
/** Content from this many characters on is written into its frame without a JSON copy of it. */
const LARGE_CONTENT_CHARS = 64 * 1024;

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
  const [head, tail] = aroundEmptyContent(serverFrame);
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

/**
 * A frame's UTF-8 JSON, byte for byte what `JSON.stringify` gives. A large content that JSON
 * writes as itself (an image's base64 always is) is encoded straight into the bytes, between the
 * rest of the frame: stringifying it cost a 1 MB image ~1 ms and a second copy of the whole frame
 * in the young generation (so another collection) before it could be sent.
 */
export function frameBytes(serverFrame: ServerFrame): Buffer {
  const content = 'content' in serverFrame.data ? serverFrame.data.content : undefined;
  if (content === undefined || content.length < LARGE_CONTENT_CHARS || !isPlainJsonText(content)) {
    return Buffer.from(JSON.stringify(serverFrame));
  }
  const [head, tail] = aroundEmptyContent({
    ...serverFrame,
    data: { ...serverFrame.data, content: '' },
  } as ServerFrame);
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(head) + Buffer.byteLength(content) + Buffer.byteLength(tail));
  let written = bytes.write(head);
  written += bytes.write(content, written);
  bytes.write(tail, written);
  return bytes;
}

/** The frame's JSON up to the opening quote of its empty content, and from the closing one. */
function aroundEmptyContent(serverFrame: ServerFrame): [string, string] {
  const text = JSON.stringify(serverFrame);
  const slot = text.indexOf(EMPTY_CONTENT);
  if (slot < 0) {
    throw new Error('the frame has no empty content to fill');
  }
  const split = slot + EMPTY_CONTENT.length - 1;
  return [text.slice(0, split), text.slice(split)];
}
