import { InMemoryMessagesRepository } from './in-memory-messages.repository';
import { StoredMessage } from './stored-message';

function message(id: string, tokenBytes: number, wireBytes: number): StoredMessage {
  return {
    id,
    senderId: 1,
    receiverId: 2,
    messageType: 'text',
    token: '\0'.repeat(tokenBytes),
    charCount: wireBytes,
    wireBytes,
    createdAt: new Date(0).toISOString(),
    encrypted: false,
    status: 'sent',
  };
}

describe('InMemoryMessagesRepository', () => {
  let repository: InMemoryMessagesRepository;

  beforeEach(() => {
    repository = new InMemoryMessagesRepository();
    repository.add(message('a', 100, 10));
    repository.add(message('b', 200, 20));
  });

  it('keeps creation order and counts ciphertext and content bytes', () => {
    expect(Array.from(repository.all(), (m) => m.id)).toEqual(['a', 'b']);
    expect([repository.count, repository.bytes, repository.wireBytes]).toEqual([2, 300, 30]);
  });

  it('replaces a message in place, adjusting both byte counts', () => {
    repository.update({ ...message('a', 150, 5), status: 'read' });
    expect(Array.from(repository.all(), (m) => m.id)).toEqual(['a', 'b']);
    expect(repository.get('a')?.status).toBe('read');
    expect([repository.bytes, repository.wireBytes]).toEqual([350, 25]);
  });

  it('ignores an update of a message it does not hold', () => {
    repository.update(message('x', 999, 99));
    expect(repository.get('x')).toBeUndefined();
    expect([repository.count, repository.bytes, repository.wireBytes]).toEqual([2, 300, 30]);
  });

  it('removes one message, freeing its bytes, and says whether it held it', () => {
    expect(repository.remove('a')).toBe(true);
    expect(repository.remove('a')).toBe(false);
    expect([repository.count, repository.bytes, repository.wireBytes]).toEqual([1, 200, 20]);
  });

  it('clears everything and says how many there were', () => {
    expect(repository.clear()).toBe(2);
    expect([repository.count, repository.bytes, repository.wireBytes]).toEqual([0, 0, 0]);
  });
});
