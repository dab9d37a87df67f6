import fc from 'fast-check';
import { ChatMessagePayload, frame } from '../protocol/events';
import { frameBytes, serializeWithContent } from './content-frame';

const message: ChatMessagePayload = {
  id: '0b8e4d4e-5a43-4c35-9d0a-6f1b2c3d4e5f',
  sender_id: 1,
  sender_name: 'poosie "content":"" \\',
  receiver_id: 2,
  content: '',
  message_type: 'text',
  status: 'sent',
  created_at: '2024-01-15T10:30:00.000Z',
  char_count: 0,
  encrypted: false,
};

/** What the frame is when the text is stringified the usual way. */
function stringified(content: string): Buffer {
  return Buffer.from(JSON.stringify(frame('chat_message', { ...message, content })));
}

function filled(content: string): Buffer {
  return serializeWithContent(frame('chat_message', message), Buffer.from(content));
}

describe('serializeWithContent', () => {
  it.each([
    ['nothing', ''],
    ['plain text', 'Hallå världen'],
    ['every control character', Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('')],
    ['quotes and backslashes', '"content":"" \\" \\\\ \\u0000'],
    ['DEL and the line separators JSON leaves alone', '\u007f \u2028 \u2029'],
    ['emoji and other four-byte characters', '👋🏽 𝄞 🇸🇪'],
    ['an image data URL', `data:image/png;base64,${Buffer.alloc(3000, 7).toString('base64')}`],
  ])('writes %s exactly as JSON.stringify does', (_, content) => {
    expect(filled(content).equals(stringified(content))).toBe(true);
  });

  it('writes any text exactly as JSON.stringify does', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (content) => filled(content).equals(stringified(content))));
  });

  it('fills in only the content, whatever the other fields hold', () => {
    const parsed = JSON.parse(filled('x').toString()) as { data: ChatMessagePayload };
    expect(parsed.data).toEqual({ ...message, content: 'x' });
  });

  it('refuses a frame with no empty content to fill', () => {
    expect(() => serializeWithContent(frame('chat_message', { ...message, content: 'x' }), Buffer.from('y'))).toThrow(
      'no empty content',
    );
  });
});

describe('frameBytes', () => {
  const large = (fill: string): string => fill.repeat(Math.ceil(70_000 / fill.length));
  const image = `data:image/png;base64,${Buffer.alloc(60_000, 7).toString('base64')}`;

  it.each([
    ['a small message', frame('chat_message', { ...message, content: 'Hej "du"' })],
    ['an image (written in directly)', frame('chat_message', { ...message, content: image })],
    ['a large text of two-byte characters', frame('chat_message', { ...message, content: large('åäö ') })],
    ['a large text that needs escapes', frame('chat_message', { ...message, content: large('"\\n\n') })],
    ['a large text of emoji (surrogates)', frame('chat_message', { ...message, content: large('👋🏽') })],
    [
      'an edit to a large text',
      frame('message_edited', {
        message_id: message.id,
        content: large('x'),
        char_count: 70_000,
        encrypted: false,
        edited_at: message.created_at,
        status: 'read',
      }),
    ],
    ['a frame without content', frame('error', { code: 'rate_limited', message: 'too many frames' })],
  ])('gives %s exactly as JSON.stringify does', (_, serverFrame) => {
    expect(frameBytes(serverFrame).equals(Buffer.from(JSON.stringify(serverFrame)))).toBe(true);
  });

  it('leaves a content of 64K plain characters or more out of JSON.stringify, and no smaller one', () => {
    const stringifiedContents = (content: string): unknown[] => {
      const stringify = jest.spyOn(JSON, 'stringify');
      frameBytes(frame('chat_message', { ...message, content }));
      const contents = stringify.mock.calls.map(([value]) => (value as { data: { content: string } }).data.content);
      stringify.mockRestore();
      return contents;
    };

    expect(stringifiedContents('A'.repeat(64 * 1024))).toEqual(['']);
    expect(stringifiedContents('A'.repeat(64 * 1024 - 1))).toEqual(['A'.repeat(64 * 1024 - 1)]);
    expect(stringifiedContents(large('"'))).toEqual([large('"')]); // it needs escapes
  });

  it('gives any large content, with any sender name, exactly as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (name, tail) => {
        const serverFrame = frame('chat_message', { ...message, sender_name: name, content: large('A') + tail });
        return frameBytes(serverFrame).equals(Buffer.from(JSON.stringify(serverFrame)));
      }),
      { numRuns: 200 },
    );
  });
});
