import { startTestApp, TestApp } from './support/test-app';

describe('presence timing (e2e)', () => {
  let t: TestApp;

  beforeEach(async () => {
    // Short real timeouts: these rules run on timers, and a fifth of a second keeps the test quick.
    t = await startTestApp({ INACTIVITY_TIMEOUT_SECONDS: '0.2', TYPING_TIMEOUT_SECONDS: '0.2' });
  });

  afterEach(async () => {
    await t.close();
  });

  it('shows an idle user as away, ignores heartbeats, and shows activity as online again', async () => {
    const poosie = await t.join(1);
    const noosie = await t.join(2);
    await poosie.next('status_update', (s) => s.user_id === 2 && s.status === 'online');
    // Heartbeats keep coming faster than the timeout; if they counted as activity, away never would.
    const heartbeats = setInterval(() => noosie.send('heartbeat'), 50);
    const away = poosie.next('status_update', () => true, 2000).finally(() => clearInterval(heartbeats));
    await expect(away).resolves.toEqual({
      user_id: 2,
      user_name: 'noosie',
      status: 'away',
      is_tab_active: true,
    });
    noosie.send('typing');
    await expect(poosie.next('status_update')).resolves.toMatchObject({ user_id: 2, status: 'online' });
  });

  it('ends typing that has no follow-up', async () => {
    const poosie = await t.join(1);
    const noosie = await t.join(2);
    noosie.send('typing');
    await poosie.next('typing');
    await expect(poosie.next('stop_typing', () => true, 2000)).resolves.toEqual({ user_id: 2, user_name: 'noosie' });
  });

  it('ends typing when the typist disconnects', async () => {
    const poosie = await t.join(1);
    const noosie = await t.join(2);
    noosie.send('typing');
    await poosie.next('typing');
    await noosie.close();
    await poosie.next('stop_typing');
    await expect(poosie.next('status_update', (s) => s.status === 'offline')).resolves.toMatchObject({ user_id: 2 });
  });
});
