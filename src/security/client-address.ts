import { IncomingMessage } from 'node:http';
// A namespace import: ipaddr.process calls this.parse, so it must be called on the module.
import * as ipaddr from 'ipaddr.js';

/**
 * The address a request came from. Behind `trustedHops` proxies (Railway's edge is one), the
 * client is the entry that many places from the end of X-Forwarded-For; entries further left
 * were written by the client and prove nothing.
 */
export function clientAddress(request: IncomingMessage, trustedHops: number): string {
  const direct = request.socket.remoteAddress ?? 'unknown';
  const header = request.headers['x-forwarded-for'];
  if (trustedHops === 0 || header === undefined) {
    return direct;
  }
  const forwarded = (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - trustedHops] ?? forwarded[0] ?? direct;
}

/** IPv6 networks are handed out as /64s: one subscriber's line, however many addresses it uses. */
const SUBSCRIBER_PREFIX_HEXTETS = 4;

/**
 * What an address is counted under, by the login throttle and the socket bound: an IPv4 address
 * (also when written as IPv6), or an IPv6 address's /64 network. Counted one by one, IPv6
 * addresses would give a stranger 2^64 fresh allowances, and the counters a record to keep for
 * each. Anything that is not an address shares one key, so made-up text can neither dodge a
 * count nor grow it.
 */
export function networkKey(address: string): string {
  if (!ipaddr.isValid(address)) {
    return 'not-an-address';
  }
  // process() turns an IPv4-mapped IPv6 address (::ffff:a.b.c.d, as dual-stack sockets report
  // IPv4 clients) into the IPv4 address.
  const parsed = ipaddr.process(address);
  if (parsed instanceof ipaddr.IPv4) {
    return parsed.toString();
  }
  const prefix = parsed.parts.slice(0, SUBSCRIBER_PREFIX_HEXTETS).map((part) => part.toString(16));
  return `${prefix.join(':')}::/64`;
}
