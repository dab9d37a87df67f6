import { IncomingMessage } from 'node:http';
import { clientAddress, networkKey } from './client-address';

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

describe('networkKey', () => {
  it('is an IPv4 address itself, also when the socket writes it as IPv6', () => {
    expect(networkKey('203.0.113.9')).toBe('203.0.113.9');
    expect(networkKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('is the /64 network of an IPv6 address, however it is written', () => {
    const key = networkKey('2001:db8:7:1::1');
    expect(key).toBe('2001:db8:7:1::/64');
    expect(networkKey('2001:0db8:0007:0001:ffff:ffff:ffff:ffff')).toBe(key);
    expect(networkKey('2001:db8:7:2::1')).not.toBe(key);
    expect(networkKey('::1')).toBe('0:0:0:0::/64');
  });

  it('is one shared key for anything that is not an address', () => {
    expect(networkKey('unknown')).toBe('not-an-address');
    expect(networkKey('203.0.113.9:443')).toBe('not-an-address');
    expect(networkKey('x'.repeat(10_000))).toBe('not-an-address');
  });
});
