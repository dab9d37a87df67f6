import { ManualClock } from '../../test/support/manual-clock';
import { PeerView } from '../protocol/events';
import { UsersService } from '../users/users.service';
import { PresenceService, TypingChange } from './presence.service';

describe('PresenceService', () => {
  let clock: ManualClock;
  let presence: PresenceService;
  let statuses: PeerView[];
  let typing: TypingChange[];

  beforeEach(() => {
    clock = new ManualClock();
    const users = new UsersService({ names: { 1: 'poosie', 2: 'noosie' } });
    presence = new PresenceService(users, clock, { inactivityTimeoutMs: 30_000, typingTimeoutMs: 5_000 });
    statuses = [];
    typing = [];
    presence.statusChanges$.subscribe((view) => statuses.push(view));
    presence.typingChanges$.subscribe((change) => typing.push(change));
  });

  afterEach(() => {
    presence.onModuleDestroy();
  });

  const statusOf = (id: 1 | 2): string => presence.view(id).status;

  it('starts everyone offline', () => {
    expect(presence.view(1)).toEqual({
      user_id: 1,
      user_name: 'poosie',
      status: 'offline',
      is_tab_active: false,
      last_seen: null,
    });
    expect(presence.connectedCount()).toBe(0);
  });

  it('is online on connect and offline on disconnect, announcing each', () => {
    presence.connect(1);
    presence.disconnect(1);
    expect(statuses).toEqual([
      { user_id: 1, user_name: 'poosie', status: 'online', is_tab_active: true, last_seen: '2024-01-15T10:30:00.000Z' },
      {
        user_id: 1,
        user_name: 'poosie',
        status: 'offline',
        is_tab_active: false,
        last_seen: '2024-01-15T10:30:00.000Z',
      },
    ]);
  });

  it('is away while the tab is hidden and online when it is shown', () => {
    presence.connect(1);
    presence.setTabActive(1, false);
    expect(presence.view(1)).toMatchObject({ status: 'away', is_tab_active: false });
    presence.setTabActive(1, true);
    expect(statusOf(1)).toBe('online');
    expect(statuses.map((s) => s.status)).toEqual(['online', 'away', 'online']);
  });

  it('goes away after the inactivity timeout, and activity brings it back', () => {
    presence.connect(1);
    clock.advance(29_999);
    expect(statusOf(1)).toBe('online');
    clock.advance(1);
    expect(presence.view(1)).toMatchObject({ status: 'away', is_tab_active: true });
    presence.recordActivity(1);
    expect(statusOf(1)).toBe('online');
  });

  it('restarts the inactivity timeout on each activity', () => {
    presence.connect(1);
    clock.advance(20_000);
    presence.recordActivity(1);
    clock.advance(20_000);
    expect(statusOf(1)).toBe('online');
    clock.advance(10_000);
    expect(statusOf(1)).toBe('away');
  });

  it('goes away a full timeout after a reconnect', () => {
    presence.connect(1);
    clock.advance(10_000);
    presence.disconnect(1);
    presence.connect(1);
    clock.advance(29_999);
    expect(statusOf(1)).toBe('online');
    clock.advance(1);
    expect(statusOf(1)).toBe('away');
  });

  it('announces nothing when nothing the peer sees changed', () => {
    presence.connect(1);
    presence.recordActivity(1);
    presence.setTabActive(1, true);
    expect(statuses).toHaveLength(1);
  });

  it('ends typing after the typing timeout, or on disconnect', () => {
    presence.connect(2);
    presence.startTyping(2);
    clock.advance(5_000);
    presence.startTyping(2);
    presence.disconnect(2);
    expect(typing).toEqual([
      { userId: 2, typing: true },
      { userId: 2, typing: false },
      { userId: 2, typing: true },
      { userId: 2, typing: false },
    ]);
  });

  it('stops typing once, however often it is told', () => {
    presence.connect(2);
    presence.startTyping(2);
    presence.stopTyping(2);
    presence.stopTyping(2);
    clock.advance(10_000);
    expect(typing.filter((change) => !change.typing)).toHaveLength(1);
  });

  it('announces a hidden tab even when the status stays away', () => {
    presence.connect(1);
    clock.advance(30_000);
    presence.setTabActive(1, false);
    expect(statuses.slice(-2)).toEqual([
      { user_id: 1, user_name: 'poosie', status: 'away', is_tab_active: true, last_seen: '2024-01-15T10:30:00.000Z' },
      { user_id: 1, user_name: 'poosie', status: 'away', is_tab_active: false, last_seen: '2024-01-15T10:30:00.000Z' },
    ]);
  });

  it('counts a shown tab as activity, ending an idle away', () => {
    presence.connect(1);
    presence.setTabActive(1, false);
    clock.advance(60_000);
    presence.setTabActive(1, true);
    expect(statusOf(1)).toBe('online');
  });

  it('counts who is connected', () => {
    presence.connect(1);
    expect(presence.connectedCount()).toBe(1);
    expect([presence.isConnected(1), presence.isConnected(2)]).toEqual([true, false]);
    expect([presence.isOnline(1), presence.isOnline(2)]).toEqual([true, false]);
    presence.setTabActive(1, false);
    expect(presence.isOnline(1)).toBe(false);
  });

  it('stops every timer on shutdown', () => {
    presence.connect(1);
    presence.startTyping(1);
    const before = [statuses.length, typing.length];
    presence.onModuleDestroy();
    clock.advance(60_000);
    expect([statuses.length, typing.length]).toEqual(before);
  });

  it('keeps last seen at the last activity or the disconnect, never moved by time alone', () => {
    expect(presence.view(1).last_seen).toBeNull();
    presence.connect(1);
    clock.advance(10_000);
    presence.recordActivity(1);
    expect(presence.view(1).last_seen).toBe('2024-01-15T10:30:10.000Z');
    clock.advance(50_000);
    expect(presence.view(1).last_seen).toBe('2024-01-15T10:30:10.000Z');
    presence.disconnect(1);
    expect(presence.view(1).last_seen).toBe('2024-01-15T10:31:00.000Z');
  });
});
