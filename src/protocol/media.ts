/**
 * What an `image` or `gif` message may carry: a base64 data URL of PNG, JPEG, GIF or WebP whose
 * bytes really are that format, or (for `gif`) an https URL. SVG and everything else are refused,
 * since they can carry script. Free of Node APIs so a browser client can run the same check.
 */
import { MessageType } from './events';

const DATA_URL = /^data:image\/(png|jpeg|gif|webp);base64,/;
/**
 * Any character base64 never holds. Tested unanchored: `^[A-Za-z0-9+/]*={0,2}$` took 6 ms over a
 * 1 MB image's random-looking base64 (0.5 ms over zeros), this ~1 ms over either.
 */
const NOT_BASE64 = /[^A-Za-z0-9+/=]/;
const MAX_URL_LENGTH = 2048;

type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

const MAGIC: Record<ImageFormat, (bytes: number[]) => boolean> = {
  png: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  gif: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')),
  webp: (b) => startsWith(b, ascii('RIFF')) && startsWith(b.slice(8), ascii('WEBP')),
};

/** Why `content` is not acceptable for `messageType`, or undefined if it is. */
export function mediaContentProblem(messageType: MessageType, content: string): string | undefined {
  if (messageType === 'text' || messageType === 'emoji') {
    return undefined;
  }
  if (messageType === 'gif' && content.startsWith('https://')) {
    return isHttpsUrl(content) ? undefined : 'a gif URL must be a valid https URL';
  }
  const match = DATA_URL.exec(content);
  const allowed = messageType === 'gif' ? ['gif'] : ['png', 'jpeg', 'gif', 'webp'];
  if (match === null || !allowed.includes(match[1])) {
    return messageType === 'gif'
      ? 'a gif must be a data:image/gif;base64 URL or an https URL'
      : 'an image must be a PNG, JPEG, GIF or WebP data:image/...;base64 URL';
  }
  const base64 = content.slice(match[0].length);
  if (!isBase64(base64)) {
    return 'the image data is not valid base64';
  }
  const format = match[1] as ImageFormat;
  return MAGIC[format](headBytes(base64)) ? undefined : `the image data is not a ${format.toUpperCase()} file`;
}

/** Whole quartets of the alphabet, padded with at most two `=` and only at the end. */
function isBase64(text: string): boolean {
  if (text.length === 0 || text.length % 4 !== 0 || NOT_BASE64.test(text)) {
    return false;
  }
  const padding = text.indexOf('=');
  return padding === -1 || (padding >= text.length - 2 && text.endsWith('='));
}

function headBytes(base64: string): number[] {
  const head = atob(base64.slice(0, 16));
  return Array.from(head, (char) => char.charCodeAt(0));
}

function startsWith(bytes: number[], prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function ascii(text: string): number[] {
  return Array.from(text, (char) => char.charCodeAt(0));
}

function isHttpsUrl(text: string): boolean {
  if (text.length > MAX_URL_LENGTH) {
    return false;
  }
  try {
    return new URL(text).protocol === 'https:';
  } catch {
    return false;
  }
}
