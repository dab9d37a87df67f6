import { createElement } from 'react';
import { act, create, ReactTestRenderer } from 'react-test-renderer';
import request from 'supertest';
import { WebSocket } from 'ws';
import { PresenceService } from '../src/presence/presence.service';
import { useChat } from './fixtures/use-chat';
import { startTestApp, TestApp } from './support/test-app';

type Chat = ReturnType<typeof useChat>;

/** Polls a condition on hook state; the hook offers no events to wait on. */
async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the original useChat hook against the server (e2e)', () => {
  let t: TestApp;
  const page = Object.assign(new EventTarget(), { hidden: false });
  const renderers: ReactTestRenderer[] = [];
  const globals = globalThis as unknown as Record<string, unknown>;

  beforeAll(async () => {
    // A small connection_info budget: history past 40 bytes follows as chat_message frames.
    t = await startTestApp({ CLEANUP_INTERVAL_SECONDS: '0.02', HISTORY_IN_CONNECTION_INFO_BYTES: '40' });
    globals.WebSocket = WebSocket;
    globals.document = page;
    globals.IS_REACT_ACT_ENVIRONMENT = false;
    process.env.NEXT_PUBLIC_WS_URL = t.wsUrl('');
  });

  afterAll(async () => {
    delete process.env.NEXT_PUBLIC_WS_URL;
    delete globals.document;
    delete globals.WebSocket;
    await t.close();
  });

  function mount(userId: 1 | 2): { current: Chat } {
    const latest = {} as { current: Chat };
    const Probe = (): null => {
      latest.current = useChat(userId);
      return null;
    };
    act(() => {
      renderers.push(create(createElement(Probe)));
    });
    return latest;
  }

  afterEach(async () => {
    act(() => renderers.splice(0).forEach((renderer) => renderer.unmount()));
    await until(() => t.app.get(PresenceService).connectedCount() === 0, 'both disconnected');
  });

  it('connects, chats, shows presence, and sees messages vanish', async () => {
    const poosie = mount(1);
    const noosie = mount(2);
    await until(() => poosie.current.isConnected && noosie.current.isConnected, 'both connected');
    await until(() => poosie.current.otherUser?.status === 'online', 'poosie seeing noosie online');
    expect(noosie.current.otherUser).toMatchObject({ user_id: 1, user_name: 'poosie', status: 'online' });

    act(() => poosie.current.sendMessage('Hej från hooken! 👋'));
    await until(
      () => noosie.current.messages.length === 1 && poosie.current.messages.length === 1,
      'the message on both',
    );
    const [message] = noosie.current.messages;
    expect(message).toMatchObject({
      sender_id: 1,
      sender_name: 'poosie',
      content: 'Hej från hooken! 👋',
      message_type: 'text',
    });
    expect(poosie.current.messages).toEqual([message]);

    act(() => noosie.current.markAsRead(message.id));
    await until(() => noosie.current.messages.length === 1, 'the read receipt to go out');
    await request(t.baseUrl)
      .get('/stats')
      .expect((res) => expect(res.body.messages_awaiting_deletion).toBe(1));
    t.clock.advance(300_000);
    await until(
      () => poosie.current.messages.length === 0 && noosie.current.messages.length === 0,
      'message_deleted on both',
    );

    page.hidden = true;
    page.dispatchEvent(new Event('visibilitychange'));
    await until(() => poosie.current.otherUser?.status === 'away', 'noosie away');
    page.hidden = false;
    page.dispatchEvent(new Event('visibilitychange'));
    await until(() => poosie.current.otherUser?.status === 'online', 'noosie online again');

    act(() => noosie.current.sendMessage('one'));
    act(() => noosie.current.sendMessage('two', 'emoji'));
    await until(() => poosie.current.messages.length === 2, 'two messages');
    act(() => poosie.current.clearAll());
    await until(
      () => poosie.current.messages.length === 0 && noosie.current.messages.length === 0,
      'clear_all on both',
    );
  });

  it('shows a remounted hook the history from connection_info', async () => {
    const poosie = mount(1);
    await until(() => poosie.current.isConnected, 'poosie connected');
    act(() => poosie.current.sendMessage('while you were away'));
    await until(() => poosie.current.messages.length === 1, 'the echo');

    const noosie = mount(2);
    await until(() => noosie.current.messages.length === 1, 'history for noosie');
    expect(noosie.current.messages[0]).toMatchObject({ content: 'while you were away', status: 'delivered' });
    expect(noosie.current.otherUser).toMatchObject({ user_id: 1, status: 'online' });
  });

  it('keeps a long history in order when it follows connection_info as chat_message frames', async () => {
    const poosie = mount(1);
    await until(() => poosie.current.isConnected, 'poosie connected');
    act(() => poosie.current.clearAll());
    await until(() => poosie.current.messages.length === 0, 'an empty conversation');
    const sent = Array.from({ length: 12 }, (_, i) => `message number ${i}`);
    sent.forEach((content) => {
      act(() => poosie.current.sendMessage(content));
    });
    await until(() => poosie.current.messages.length === sent.length, 'every echo');

    const noosie = mount(2);
    await until(() => noosie.current.messages.length === sent.length, 'the whole history for noosie');
    expect(noosie.current.messages.map((m) => m.content)).toEqual(sent);
    act(() => poosie.current.clearAll());
    await until(() => noosie.current.messages.length === 0, 'cleared');
  });
});
