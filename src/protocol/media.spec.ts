import { mediaContentProblem } from './media';

const dataUrl = (mime: string, bytes: number[] | string): string =>
  `data:${mime};base64,${Buffer.from(bytes as never).toString('base64')}`;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
const JPEG = [0xff, 0xd8, 0xff, 0xe0, 0, 16];
const GIF = 'GIF89a\x01\x00\x01\x00';
const WEBP = 'RIFF\x24\x00\x00\x00WEBPVP8 ';

describe('mediaContentProblem', () => {
  it.each([
    ['image', dataUrl('image/png', PNG)],
    ['image', dataUrl('image/png', [...PNG, 1])], // one byte over: padded with ==
    ['image', dataUrl('image/png', [...PNG, 1, 2])], // padded with =
    ['image', dataUrl('image/jpeg', JPEG)],
    ['image', dataUrl('image/gif', GIF)],
    ['image', dataUrl('image/webp', WEBP)],
    ['gif', dataUrl('image/gif', 'GIF87a\x01\x00')],
    ['gif', 'https://media.example.com/party.gif'],
    ['text', '<script>anything goes as text</script>'],
    ['emoji', '🎉'],
  ] as const)('accepts a %s: %s', (type, content) => {
    expect(mediaContentProblem(type, content)).toBeUndefined();
  });

  it.each([
    ['image', dataUrl('image/svg+xml', '<svg onload="alert(1)"/>'), 'PNG, JPEG, GIF or WebP'],
    ['image', dataUrl('text/html', '<script>alert(1)</script>'), 'PNG, JPEG, GIF or WebP'],
    ['image', dataUrl('image/png', JPEG), 'not a PNG'],
    ['image', dataUrl('image/jpeg', PNG), 'not a JPEG'],
    ['image', dataUrl('image/webp', 'RIFF\x24\x00\x00\x00WAVEfmt '), 'not a WEBP'],
    ['image', 'data:image/png;base64,', 'not valid base64'],
    ['image', 'data:image/png;base64,iVBO!!!!', 'not valid base64'],
    ['image', 'data:image/png;base64,iVBORw0KGgo', 'not valid base64'],
    ['image', 'data:image/png;base64,iVBORw0KGg=o', 'not valid base64'],
    ['image', 'data:image/png;base64,iVBORw0KG===', 'not valid base64'],
    ['image', 'data:image/png;base64,iVBO=w0KGgo=', 'not valid base64'],
    ['image', 'data:image/png,rawbytes', 'PNG, JPEG, GIF or WebP'],
    ['image', 'https://example.com/a.png', 'PNG, JPEG, GIF or WebP'],
    ['gif', dataUrl('image/png', PNG), 'gif must be'],
    ['gif', 'http://example.com/a.gif', 'gif must be'],
    ['gif', 'https://', 'valid https URL'],
    ['gif', `https://example.com/${'a'.repeat(3000)}`, 'valid https URL'],
  ] as const)('refuses a %s: %s', (type, content, reason) => {
    expect(mediaContentProblem(type, content)).toContain(reason);
  });
});
