import { mediaContentProblem } from '../../protocol/media';

/** The server's default MAX_CONTENT_BYTES is 6 MiB; stay well inside it after base64. */
const MAX_DATA_URL_BYTES = 4 * 1024 * 1024;
const MAX_SIDE = 1600;
const ACCEPTED = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export interface PreparedImage {
  dataUrl: string;
  messageType: 'image' | 'gif';
}

/** A data URL the server will take, resized if a still image is too large; or an error text. */
export async function prepareImage(file: File): Promise<PreparedImage | string> {
  if (!ACCEPTED.includes(file.type)) {
    return 'Only PNG, JPEG, GIF and WebP images can be sent.';
  }
  let dataUrl = await readAsDataUrl(file);
  const messageType = file.type === 'image/gif' ? 'gif' : 'image';
  if (dataUrl.length > MAX_DATA_URL_BYTES) {
    if (messageType === 'gif') {
      return 'That GIF is too large to send (at most about 3 MB).';
    }
    dataUrl = await shrink(dataUrl);
    if (dataUrl.length > MAX_DATA_URL_BYTES) {
      return 'That image is too large to send, even resized.';
    }
  }
  const problem = mediaContentProblem(messageType, dataUrl);
  return problem === undefined ? { dataUrl, messageType } : `That file cannot be sent: ${problem}.`;
}

function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string); // readAsDataURL always gives a string
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

async function shrink(dataUrl: string): Promise<string> {
  const image = new Image();
  image.src = dataUrl;
  await image.decode();
  const scale = Math.min(1, MAX_SIDE / Math.max(image.naturalWidth, image.naturalHeight));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(image.naturalWidth * scale);
  canvas.height = Math.round(image.naturalHeight * scale);
  canvas.getContext('2d')?.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/jpeg', 0.85);
}
