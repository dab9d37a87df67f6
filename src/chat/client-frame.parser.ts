import { ChatError } from '../common/chat.error';

export interface ParsedFrame {
  type: string;
  data: unknown;
}

/** `{"type": "...", "data": {...}}` from a raw WebSocket message, or a ChatError saying why not. */
export function parseClientFrame(raw: unknown): ParsedFrame {
  if (typeof raw !== 'string') {
    throw new ChatError('invalid_json', 'frames must be JSON text, not binary');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw, refusePrototypeKeys);
  } catch (error) {
    if (error instanceof ChatError) {
      throw error;
    }
    throw new ChatError('invalid_json', 'the frame is not valid JSON');
  }
  if (!isPlainObject(parsed) || typeof parsed.type !== 'string') {
    throw new ChatError('invalid_payload', 'a frame is an object {"type": string, "data": object}');
  }
  const data = parsed.data ?? {};
  if (!isPlainObject(data)) {
    throw new ChatError('invalid_payload', '"data" must be an object');
  }
  return { type: parsed.type, data };
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Keys that could reach an object's prototype have no place in this protocol. */
function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (PROTOTYPE_KEYS.has(key)) {
    throw new ChatError('invalid_payload', `the key "${key}" is not allowed`);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
