import { IncomingMessage } from 'node:http';
import { ManualClock } from '../../test/support/manual-clock';
import { securitySettings, SecuritySettings } from '../../test/support/security-settings';
import { UsersService } from '../users/users.service';
import { AccessService } from './access.service';

const TOKENS = { 1: 'poosie-token-0123456789', 2: 'noosie-token-0123456789' } as const;

function accessWith(overrides: Partial<SecuritySettings> = {}): AccessService {
  return new AccessService(
    securitySettings({ tokens: TOKENS, authFailures: { max: 2, windowSeconds: 60, blockSeconds: 60 }, ...overrides }),
    new UsersService({ names: { 1: 'poosie', 2: 'noosie' } }),
    new ManualClock(),
  );
}

function upgrade(url: string, headers: Record<string, string> = {}, address = '192.0.2.1'): IncomingMessage {
  return { url, headers, socket: { remoteAddress: address } } as unknown as IncomingMessage;
}

describe('AccessService', () => {
  it('admits each user with their own token only, from the query or a bearer header', async () => {
    const access = accessWith();
    await expect(access.checkUpgrade(upgrade(`/ws/1?token=${TOKENS[1]}`))).resolves.toEqual({ allowed: true });
    await expect(access.checkUpgrade(upgrade('/ws/2', { authorization: `Bearer ${TOKENS[2]}` }))).resolves.toEqual({
      allowed: true,
    });
    await expect(access.checkUpgrade(upgrade(`/ws/2?token=${TOKENS[1]}`, {}, '192.0.2.2'))).resolves.toEqual({
      allowed: false,
      status: 401,
    });
    await expect(
      access.checkUpgrade(upgrade(`/ws/1?token=${TOKENS[1].slice(0, -1)}`, {}, '192.0.2.3')),
    ).resolves.toEqual({ allowed: false, status: 401 });
  });

  it('blocks an address after AUTH_MAX_FAILURES, even for a right token, and no other address', async () => {
    const access = accessWith();
    await access.checkUpgrade(upgrade('/ws/1?token=a'));
    await access.checkUpgrade(upgrade('/ws/1?token=b'));
    await expect(access.checkUpgrade(upgrade(`/ws/1?token=${TOKENS[1]}`))).resolves.toEqual({
      allowed: false,
      status: 429,
    });
    await expect(access.checkUpgrade(upgrade(`/ws/1?token=${TOKENS[1]}`, {}, '192.0.2.99'))).resolves.toEqual({
      allowed: true,
    });
  });

  it('checks the origin against ALLOWED_ORIGINS when set', async () => {
    const access = accessWith({ allowedOrigins: ['https://chat.example'] });
    const url = `/ws/1?token=${TOKENS[1]}`;
    await expect(access.checkUpgrade(upgrade(url, { origin: 'https://evil.example' }))).resolves.toEqual({
      allowed: false,
      status: 403,
    });
    await expect(access.checkUpgrade(upgrade(url, { origin: 'https://chat.example' }))).resolves.toEqual({
      allowed: true,
    });
  });

  it('matches an origin however its scheme and host are written', async () => {
    const access = accessWith({ allowedOrigins: ['https://chat.example'] });
    const url = `/ws/1?token=${TOKENS[1]}`;
    await expect(access.checkUpgrade(upgrade(url, { origin: 'HTTPS://Chat.Example:443' }))).resolves.toEqual({
      allowed: true,
    });
    await expect(access.checkUpgrade(upgrade(url, { origin: 'null' }))).resolves.toEqual({
      allowed: false,
      status: 403,
    });
  });

  it('runs open without tokens, and admits a bearer of either token', async () => {
    await expect(accessWith({ tokens: undefined }).checkBearer(upgrade('/stats'))).resolves.toEqual({ allowed: true });
    const access = accessWith({ authFailures: { max: 3, windowSeconds: 60, blockSeconds: 60 } });
    await expect(access.checkBearer(upgrade('/stats', { authorization: `Bearer ${TOKENS[2]}` }))).resolves.toEqual({
      allowed: true,
    });
    await expect(access.checkBearer(upgrade('/stats', { authorization: `Basic ${TOKENS[2]}` }))).resolves.toEqual({
      allowed: false,
      status: 401,
    });
    await expect(access.checkBearer(upgrade('/stats'))).resolves.toEqual({ allowed: false, status: 401 });
  });

  it('throttles bearer guesses and upgrade guesses as one count per address', async () => {
    const access = accessWith();
    await access.checkBearer(upgrade('/users', { authorization: 'Bearer guess-1' }));
    await access.checkUpgrade(upgrade('/ws/1?token=guess-2'));
    await expect(access.checkBearer(upgrade('/users', { authorization: `Bearer ${TOKENS[1]}` }))).resolves.toEqual({
      allowed: false,
      status: 429,
    });
  });
});
