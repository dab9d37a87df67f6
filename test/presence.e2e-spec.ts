import { startTestApp, TestApp } from './support/test-app';

describe('presence timing (e2e)', () => {
  let t: TestApp;

  beforeEach(async () => {
    // The default timeouts (30 s idle, 5 s typing), run on the test's clock.
    t = await startTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  it('shows an idle user as away, ignores heartbeats, and shows activity as online again', async () => {
    const poosie = await t.join(1);
    const noosie = await t.join(2);
    await poosie.next('status_update', (s) => s.user_id === 2 && s.status === 'online');
    // Heartbeats keep coming faster than the timeout; if they counted as activity, away never would.
    for (let second = 0; second < 29; second++) {
      t.clock.advance(1000);
      await noosie.sync();
    }
    t.clock.advance(999);
    await poosie.sync();
    expect(poosie.pending('status_update')).toHaveLength(0);
    t.clock.advance(1);
    await expect(poosie.next('status_update')).resolves.toEqual({
      user_id: 2,
      user_name: 'noosie',
      status: 'away',
      is_tab_active: true,
      last_seen: '2024-01-15T10:30:00.000Z', // heartbeats did not move it
    });
    noosie.send('typing');
    await expect(poosie.next('status_update')).resolves.toMatchObject({ user_id: 2, status: 'online' });
  });

  it('ends typing that has no follow-up', async () => {
    const poosie = await t.join(1);
    const noosie = await t.join(2);
    noosie.send('typing');
    await poosie.next('typing');
    t.clock.advance(4999);
    await poosie.sync();
    expect(poosie.pending('stop_typing')).toHaveLength(0);
    t.clock.advance(1);
    await expect(poosie.next('stop_typing')).resolves.toEqual({ user_id: 2, user_name: 'noosie' });
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
