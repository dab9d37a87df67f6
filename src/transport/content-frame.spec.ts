import fc from 'fast-check';
import { ChatMessagePayload, frame } from '../protocol/events';
import { serializeWithContent } from './content-frame';

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
