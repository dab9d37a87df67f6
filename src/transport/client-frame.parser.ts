import { ChatError } from '../common/chat.error';

export interface ParsedFrame {
  type: string;
  data: unknown;
}

/** Our frames are two levels deep; deeper input only exists to exhaust a recursive validator. */
const MAX_DEPTH = 8;
/**
 * No payload of the protocol has more than a handful of fields. More keys only exist to stall the
 * validator: class-transformer drops duplicate keys with a linear search per key, quadratic in all.
 */
const MAX_KEYS_PER_OBJECT = 16;
/** Every value in the frame, at any depth: bounds the validator's work whatever the shape. */
const MAX_VALUES = 64;
/**
 * Strings and `{`, `[`, `,`, `:` outside them, as written (a repeated key counts each time). A
 * frame within MAX_VALUES has at most 4 * 64 + 1: per value a comma, a colon, a key and a string
 * or bracket, and the root's bracket. JSON.parse builds an object for every bracket before any
 * check here can run (8 MB of `[` took ~1 s and ~240 MB of heap), so a frame with more is
 * refused unparsed.
 */
const MAX_STRUCTURE = 5 * MAX_VALUES;
/**
 * Characters outside strings: structure, numbers, `true`, `false`, `null` and whitespace. A frame
 * of the protocol needs a few hundred, pretty-printed; the rest is padding, which the scan below
 * would otherwise walk one character at a time (8 MB of spaces: ~18 ms, three times the parse).
 */
const MAX_OUTSIDE_STRINGS = 8 * 1024;
/** Keys that could reach an object's prototype have no place in this protocol. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const TOO_MANY_FIELDS = 'the frame has more fields than any message of the protocol';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const COMMA = 0x2c;
const COLON = 0x3a;

/** `{"type": "...", "data": {...}}` from a raw WebSocket message, or a ChatError saying why not. */
export function parseClientFrame(raw: unknown): ParsedFrame {
  if (typeof raw !== 'string') {
    throw new ChatError('invalid_json', 'frames must be JSON text, not binary');
  }
  const oversized = structureProblem(raw);
  if (oversized !== undefined) {
    throw new ChatError('invalid_payload', oversized);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ChatError('invalid_json', 'the frame is not valid JSON');
  }
  checkShape(parsed);
  if (!isPlainObject(parsed) || typeof parsed.type !== 'string') {
    throw new ChatError('invalid_payload', 'a frame is an object {"type": string, "data": object}');
  }
  const data = parsed.data ?? {};
  if (!isPlainObject(data)) {
    throw new ChatError('invalid_payload', '"data" must be an object');
  }
  return { type: parsed.type, data };
}

/** Depth, size and keys, checked without recursion so no input can overflow the stack. */
function checkShape(root: unknown): void {
  // Values and their depths side by side, one stack: no pair is allocated per value.
  const pending: unknown[] = [root, 1];
  let values = 0;
  while (pending.length > 0) {
    const depth = pending.pop() as number;
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) {
      continue;
    }
    if (depth > MAX_DEPTH) {
      throw new ChatError('invalid_payload', `the frame is nested deeper than ${MAX_DEPTH} levels`);
    }
    const keys = Object.keys(value);
    values += keys.length;
    if (keys.length > MAX_KEYS_PER_OBJECT || values > MAX_VALUES) {
      throw new ChatError('invalid_payload', TOO_MANY_FIELDS);
    }
    for (const key of keys) {
      if (PROTOTYPE_KEYS.has(key)) {
        throw new ChatError('invalid_payload', `the key "${key}" is not allowed`);
      }
      pending.push((value as Record<string, unknown>)[key], depth + 1);
    }
  }
}

/**
 * Why `text` holds more than any frame of the protocol, judged before it is parsed; undefined if
 * it does not. Each string is passed over with one search for its closing quote, so a large
 * content costs what indexOf does.
 */
function structureProblem(text: string): string | undefined {
  let marks = 0;
  let outside = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const isString = unit === QUOTE;
    if (isString || unit === OPEN_BRACE || unit === OPEN_BRACKET || unit === COMMA || unit === COLON) {
      marks++;
      if (marks > MAX_STRUCTURE) {
        return TOO_MANY_FIELDS;
      }
    }
    if (isString) {
      i = closingQuote(text, i + 1);
    } else {
      outside++;
      if (outside > MAX_OUTSIDE_STRINGS) {
        return 'the frame has more outside its strings than any message of the protocol';
      }
    }
  }
  return undefined;
}

/**
 * Where the string whose text starts at `from` ends: the first quote after an even run of
 * backslashes (each run is looked at once, so this stays linear), or the end of the text.
 */
function closingQuote(text: string, from: number): number {
  for (let quote = text.indexOf('"', from); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) {
      backslashes++;
    }
    if (backslashes % 2 === 0) {
      return quote;
    }
  }
  return text.length;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
