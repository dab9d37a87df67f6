import { cryptoConfig } from './crypto.config';
import { messagesConfig } from './messages.config';
import { presenceConfig } from './presence.config';
import { serverConfig } from './server.config';
import { usersConfig } from './users.config';

describe('configuration', () => {
  const saved = { ...process.env };

  afterEach(() => {
    process.env = { ...saved };
  });

  function withEnv<T>(env: Record<string, string>, load: () => T): T {
    process.env = { ...env };
    return load();
  }

  it('has the documented defaults with an empty environment', () => {
    expect(withEnv({}, serverConfig)).toEqual({ nodeEnv: 'development', isProduction: false, port: 8000, maxFrameBytes: 8 * 1024 * 1024 });
    expect(withEnv({}, messagesConfig)).toEqual({
      deletion: { baseSeconds: 30, perCharacterSeconds: 0.5, maxLifetimeSeconds: 300 },
      cleanupIntervalMs: 5000,
      maxContentBytes: 6 * 1024 * 1024,
    });
    expect(withEnv({}, presenceConfig)).toEqual({ inactivityTimeoutMs: 30_000, typingTimeoutMs: 5_000 });
    expect(withEnv({}, usersConfig)).toEqual({ names: { 1: 'poosie', 2: 'noosie' } });
    expect(withEnv({}, cryptoConfig)).toEqual({ encryptionKey: undefined });
  });

  it('reads configured values, and treats blank ones as unset', () => {
    expect(withEnv({ PORT: '3000', NODE_ENV: 'production' }, serverConfig)).toMatchObject({ port: 3000, isProduction: true });
    expect(withEnv({ BASE_DELETE_TIME_SECONDS: '1.5', TIME_PER_CHARACTER_SECONDS: ' ' }, messagesConfig).deletion).toEqual({
      baseSeconds: 1.5,
      perCharacterSeconds: 0.5,
      maxLifetimeSeconds: 300,
    });
    expect(withEnv({ USER_1_NAME: 'alice' }, usersConfig).names[1]).toBe('alice');
  });

  it.each([
    [serverConfig, 'PORT', 'abc'],
    [serverConfig, 'PORT', '70000'],
    [serverConfig, 'NODE_ENV', 'staging'],
    [messagesConfig, 'BASE_DELETE_TIME_SECONDS', '-1'],
    [messagesConfig, 'TIME_PER_CHARACTER_SECONDS', 'half'],
    [messagesConfig, 'CLEANUP_INTERVAL_SECONDS', '0'],
    [messagesConfig, 'MAX_MESSAGE_LIFETIME_SECONDS', 'Infinity'],
    [presenceConfig, 'INACTIVITY_TIMEOUT_SECONDS', '-5'],
    [cryptoConfig, 'ENCRYPTION_KEY', 'not-a-key'],
  ] as [() => unknown, string, string][])('stops on a bad %#: names %s and not the value', (load, name, value) => {
    expect(() => withEnv({ [name]: value }, load)).toThrow(name);
    expect(() => withEnv({ [name]: value }, load)).not.toThrow(value);
  });

  it('requires ENCRYPTION_KEY in production', () => {
    expect(() => withEnv({ NODE_ENV: 'production' }, cryptoConfig)).toThrow('ENCRYPTION_KEY is required when NODE_ENV=production');
    const key = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
    expect(withEnv({ NODE_ENV: 'production', ENCRYPTION_KEY: key }, cryptoConfig)).toEqual({ encryptionKey: key });
  });
});
