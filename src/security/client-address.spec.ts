import { IncomingMessage } from 'node:http';
import { clientAddress } from './client-address';

const request = (forwardedFor?: string): IncomingMessage =>
  ({
    socket: { remoteAddress: '10.0.0.1' },
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  it('is the socket address when no proxy is trusted, whatever the header says', () => {
    expect(clientAddress(request('203.0.113.9'), 0)).toBe('10.0.0.1');
  });

  it('is the entry the trusted proxy wrote, not one the client made up', () => {
    expect(clientAddress(request('1.2.3.4, 203.0.113.9'), 1)).toBe('203.0.113.9');
    expect(clientAddress(request('1.2.3.4, 203.0.113.9, 10.1.1.1'), 2)).toBe('203.0.113.9');
  });

  it('falls back sensibly when the header is short or absent', () => {
    expect(clientAddress(request('203.0.113.9'), 3)).toBe('203.0.113.9');
    expect(clientAddress(request(), 1)).toBe('10.0.0.1');
  });
});
