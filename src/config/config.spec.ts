import { cryptoConfig } from './crypto.config';
import { checkEnvironment } from './environment';
import { InvalidConfiguration } from './validate-env';
import { messagesConfig } from './messages.config';
import { presenceConfig } from './presence.config';
import { pushConfig } from './push.config';
import { securityConfig } from './security.config';
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
    expect(withEnv({}, serverConfig)).toEqual({
      nodeEnv: 'development',
      isProduction: false,
      port: 8000,
      logFormat: 'text',
      maxFrameBytes: 8 * 1024 * 1024,
      outgoing: { backlogBytes: 8 * 1024 * 1024, dropBytes: 32 * 1024 * 1024 },
    });
    expect(withEnv({}, messagesConfig)).toEqual({
      deletion: { baseSeconds: 30, perCharacterSeconds: 0.5, maxLifetimeSeconds: 300 },
      cleanupIntervalMs: 5000,
      maxContentBytes: 6 * 1024 * 1024,
      storage: { maxMessages: 10_000, maxBytes: 256 * 1024 * 1024 },
      historyBudgetBytes: 1024 * 1024,
      requireE2e: false,
    });
    expect(withEnv({}, securityConfig)).toEqual({
      tokens: undefined,
      allowedOrigins: [],
      trustProxyHops: 0,
      trustsProxyOutsideProduction: false,
      authFailures: { max: 10, windowSeconds: 60, blockSeconds: 300 },
      frameRate: { frames: 30, windowSeconds: 1 },
      pingIntervalMs: 10_000,
      floodCooldownMs: 10_000,
      pendingSockets: { maxPerAddress: 32, firstRequestTimeoutMs: 10_000 },
    });
    expect(withEnv({}, presenceConfig)).toEqual({ inactivityTimeoutMs: 30_000, typingTimeoutMs: 5_000 });
    expect(withEnv({}, usersConfig)).toEqual({ names: { 1: 'poosie', 2: 'noosie' } });
    expect(withEnv({}, cryptoConfig)).toEqual({ encryptionKey: undefined });
  });

  it('reads configured values, and treats blank ones as unset', () => {
    expect(withEnv({ PORT: '3000', NODE_ENV: 'production' }, serverConfig)).toMatchObject({
      port: 3000,
      isProduction: true,
    });
    expect(
      withEnv({ BASE_DELETE_TIME_SECONDS: '1.5', TIME_PER_CHARACTER_SECONDS: ' ' }, messagesConfig).deletion,
    ).toEqual({
      baseSeconds: 1.5,
      perCharacterSeconds: 0.5,
      maxLifetimeSeconds: 300,
    });
    expect(withEnv({ USER_1_NAME: 'alice' }, usersConfig).names[1]).toBe('alice');
  });

  it('bounds no address behind a proxy, whose address every connection has', () => {
    const behindProxy = withEnv({ TRUST_PROXY_HOPS: '1', MAX_SOCKETS_PER_ADDRESS: '5' }, securityConfig);
    expect(behindProxy.pendingSockets).toEqual({ maxPerAddress: Infinity, firstRequestTimeoutMs: 10_000 });
    expect(withEnv({ MAX_SOCKETS_PER_ADDRESS: '5' }, securityConfig).pendingSockets.maxPerAddress).toBe(5);
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
    [securityConfig, 'USER_1_TOKEN', 'short'],
    [securityConfig, 'RATE_LIMIT_FRAMES', '0'],
    [securityConfig, 'PING_INTERVAL_SECONDS', '0'],
  ] as [() => unknown, string, string][])('stops on a bad %#: names %s and not the value', (load, name, value) => {
    expect(() => withEnv({ [name]: value }, load)).toThrow(name);
    expect(() => withEnv({ [name]: value }, load)).not.toThrow(value);
  });

  const TOKEN_1 = 'poosie-config-token-0a1b2c';
  const TOKEN_2 = 'noosie-config-token-3d4e5f';

  it('reads tokens and allowed origins, normalising each origin', () => {
    const env = {
      USER_1_TOKEN: TOKEN_1,
      USER_2_TOKEN: TOKEN_2,
      ALLOWED_ORIGINS: 'https://Chat.Example.com/, HTTP://b.example:80',
    };
    expect(withEnv(env, securityConfig)).toMatchObject({
      tokens: { 1: TOKEN_1, 2: TOKEN_2 },
      allowedOrigins: ['https://chat.example.com', 'http://b.example'],
    });
  });

  it.each([
    'https://chat.example.com/app',
    'chat.example.com',
    'https://chat.example.com?x=1',
    'ftp://chat.example.com',
    'null',
  ])('refuses an ALLOWED_ORIGINS entry that is not an origin: %s', (origin) => {
    expect(() => withEnv({ ALLOWED_ORIGINS: `https://ok.example,${origin}` }, securityConfig)).toThrow(
      /ALLOWED_ORIGINS must be/,
    );
  });

  it('refuses equal tokens and tokens with too little variety, without showing them', () => {
    expect(() => withEnv({ USER_1_TOKEN: TOKEN_1, USER_2_TOKEN: TOKEN_1 }, securityConfig)).toThrow(
      'USER_2_TOKEN must differ from USER_1_TOKEN',
    );
    for (const weak of ['aaaaaaaaaaaaaaaa', 'abababababababababab', '1212312312312312']) {
      const attempt = (): unknown => withEnv({ USER_1_TOKEN: weak, USER_2_TOKEN: TOKEN_2 }, securityConfig);
      expect(attempt).toThrow(/USER_1_TOKEN has too little variety/);
      expect(attempt).not.toThrow(weak);
    }
  });

  it('refuses a key that is one byte repeated in either half', () => {
    for (const bytes of [Buffer.alloc(32), Buffer.concat([Buffer.alloc(16, 7), Buffer.from('0123456789abcdef')])]) {
      const key = bytes.toString('base64url') + '=';
      expect(() => withEnv({ ENCRYPTION_KEY: key }, cryptoConfig)).toThrow('ENCRYPTION_KEY is one byte repeated');
    }
  });

  it('reports every problem of every namespace at once', () => {
    const check = (): void =>
      withEnv({ NODE_ENV: 'production', PORT: 'x', RATE_LIMIT_FRAMES: '0' }, () => checkEnvironment());
    expect(check).toThrow(InvalidConfiguration);
    expect(check).toThrow(
      /PORT.*ENCRYPTION_KEY is required.*USER_1_TOKEN is required.*USER_2_TOKEN is required.*RATE_LIMIT_FRAMES/,
    );
  });

  it('requires both tokens once one is set, and both in production, naming each', () => {
    expect(() => withEnv({ USER_1_TOKEN: TOKEN_1 }, securityConfig)).toThrow(/USER_2_TOKEN is required/);
    expect(() => withEnv({ NODE_ENV: 'production' }, securityConfig)).toThrow(
      /USER_1_TOKEN is required.*USER_2_TOKEN is required/,
    );
  });

  it('requires ENCRYPTION_KEY in production', () => {
    expect(() => withEnv({ NODE_ENV: 'production' }, cryptoConfig)).toThrow(
      'ENCRYPTION_KEY is required when NODE_ENV=production',
    );
    const key = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
    expect(withEnv({ NODE_ENV: 'production', ENCRYPTION_KEY: key }, cryptoConfig)).toEqual({ encryptionKey: key });
  });

  it('turns Web Push on only with all three VAPID variables, each of its form', () => {
    expect(withEnv({}, pushConfig)).toMatchObject({
      vapid: undefined,
      allowedHosts: expect.arrayContaining(['fcm.googleapis.com']),
    });
    expect(() => withEnv({ VAPID_SUBJECT: 'mailto:a@b.example' }, pushConfig)).toThrow(
      /VAPID_PUBLIC_KEY is required.*VAPID_PRIVATE_KEY is required/,
    );
    const vapid = {
      VAPID_PUBLIC_KEY: 'B'.repeat(87),
      VAPID_PRIVATE_KEY: 'k'.repeat(43),
      VAPID_SUBJECT: 'https://chat.example',
    };
    expect(withEnv({ ...vapid, PUSH_ALLOWED_HOSTS: 'Push.Example:8443, *.push.apple.com' }, pushConfig)).toEqual({
      vapid: { publicKey: vapid.VAPID_PUBLIC_KEY, privateKey: vapid.VAPID_PRIVATE_KEY, subject: vapid.VAPID_SUBJECT },
      allowedHosts: ['push.example:8443', '*.push.apple.com'],
    });
    expect(() => withEnv({ ...vapid, VAPID_SUBJECT: 'ftp://x' }, pushConfig)).toThrow(
      'VAPID_SUBJECT must be a mailto: or https: URL',
    );
    expect(() => withEnv({ PUSH_ALLOWED_HOSTS: 'https://push.example/x' }, pushConfig)).toThrow(
      'PUSH_ALLOWED_HOSTS must be',
    );
  });
});
