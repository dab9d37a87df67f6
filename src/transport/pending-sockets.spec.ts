import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import { PendingSockets } from './pending-sockets';

/** A server that only emits, and sockets that only record whether they were destroyed. */
function setUp(maxPerAddress: number): (address: string) => { destroyed: boolean; close: () => void } {
  const server = new EventEmitter();
  new PendingSockets({ maxPerAddress, firstRequestTimeoutMs: 60_000 }).watch(server as unknown as http.Server);
  return (address) => {
    const socket = Object.assign(new EventEmitter(), { remoteAddress: address, destroyed: false });
    const destroy = (): void => {
      socket.destroyed = true;
    };
    Object.assign(socket, { destroy });
    server.emit('connection', socket);
    return { destroyed: socket.destroyed, close: () => socket.emit('close') };
  };
}

describe('PendingSockets', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('bounds an IPv6 /64 as one address, and an IPv4 address however the socket writes it', () => {
    const connect = setUp(2);
    expect([connect('2001:db8:7:1::1'), connect('2001:db8:7:1::2')].map((s) => s.destroyed)).toEqual([false, false]);
    expect(connect('2001:db8:7:1:ffff::3').destroyed).toBe(true);
    expect(connect('2001:db8:7:2::1').destroyed).toBe(false);
    connect('203.0.113.9');
    connect('::ffff:203.0.113.9');
    expect(connect('203.0.113.9').destroyed).toBe(true);
  });

  it('frees a slot when one of the sockets closes', () => {
    const connect = setUp(1);
    const first = connect('203.0.113.9');
    expect(connect('203.0.113.9').destroyed).toBe(true);
    first.close();
    expect(connect('203.0.113.9').destroyed).toBe(false);
  });
});
