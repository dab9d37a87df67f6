import { IncomingMessage } from 'node:http';

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
