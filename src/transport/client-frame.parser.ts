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
/** Keys that could reach an object's prototype have no place in this protocol. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `{"type": "...", "data": {...}}` from a raw WebSocket message, or a ChatError saying why not. */
export function parseClientFrame(raw: unknown): ParsedFrame {
  if (typeof raw !== 'string') {
    throw new ChatError('invalid_json', 'frames must be JSON text, not binary');
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
      throw new ChatError('invalid_payload', 'the frame has more fields than any message of the protocol');
    }
    for (const key of keys) {
      if (PROTOTYPE_KEYS.has(key)) {
        throw new ChatError('invalid_payload', `the key "${key}" is not allowed`);
      }
      pending.push((value as Record<string, unknown>)[key], depth + 1);
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
