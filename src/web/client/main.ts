/**
 * The web client served at /app: pick who you are, chat, see presence, typing and read state.
 * Built by `npm run build` (esbuild) from this folder, with the server's own protocol types.
 */
import { ChatMessagePayload, PeerView, ServerFrame, UserId } from '../../protocol/events';
import { ChatConnection } from './chat-connection';
import { prepareImage } from './image-input';
import { renderMessage, updateMeta } from './message-view';

const STORAGE_KEY = 'private-chat';
const TYPING_REPEAT_MS = 2000;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const login = $<HTMLFormElement>('login');
const chat = $<HTMLElement>('chat');
const list = $<HTMLOListElement>('messages');
const text = $<HTMLInputElement>('text');
const notice = $<HTMLElement>('notice');

let me: UserId = 1;
let connection: ChatConnection | undefined;
const messages = new Map<string, ChatMessagePayload>();
let lastTypingSent = 0;

const readObserver = new IntersectionObserver(
  (entries) =>
    entries
      .filter((entry) => entry.isIntersecting)
      .forEach((entry) => markRead((entry.target as HTMLElement).dataset.id ?? '')),
  { root: list, threshold: 0.6 },
);

restoreLogin();
login.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(login);
  me = data.get('user') === '2' ? 2 : 1;
  const entered = data.get('token');
  const token = typeof entered === 'string' ? entered : '';
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ user: me, token }));
  join(token);
});

function restoreLogin(): void {
  const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as { user: UserId; token: string } | null;
  if (saved !== null) {
    (login.querySelector(`input[value="${saved.user === 2 ? 2 : 1}"]`) as HTMLInputElement).checked = true;
    $<HTMLInputElement>('token').value = saved.token;
  }
}

function join(token: string): void {
  login.hidden = true;
  chat.hidden = false;
  connection = new ChatConnection(me, token, { frame: onFrame, state: onState });
  connection.start();
  text.focus();
}

$('leave').addEventListener('click', () => {
  connection?.stop();
  messages.clear();
  list.replaceChildren();
  chat.hidden = true;
  login.hidden = false;
});

$('clear').addEventListener('click', () => {
  if (confirm('Delete every message, for both of you?')) {
    connection?.send({ type: 'clear_all', data: {} });
  }
});

$<HTMLFormElement>('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const content = text.value.trim();
  if (
    content &&
    connection?.send({ type: 'chat_message', data: { content, message_type: isOnlyEmoji(content) ? 'emoji' : 'text' } })
  ) {
    text.value = '';
    lastTypingSent = 0;
  }
});

text.addEventListener('input', () => {
  const now = Date.now();
  if (text.value === '') {
    connection?.send({ type: 'stop_typing', data: {} });
    lastTypingSent = 0;
  } else if (now - lastTypingSent > TYPING_REPEAT_MS) {
    connection?.send({ type: 'typing', data: {} });
    lastTypingSent = now;
  }
});

$<HTMLInputElement>('file').addEventListener('change', (event) => {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (file) {
    void sendImage(file);
  }
});
text.addEventListener('paste', (event) => {
  const file = event.clipboardData?.files[0];
  if (file) {
    event.preventDefault();
    void sendImage(file);
  }
});
chat.addEventListener('dragover', (event) => event.preventDefault());
chat.addEventListener('drop', (event) => {
  event.preventDefault();
  const file = event.dataTransfer?.files[0];
  if (file) {
    void sendImage(file);
  }
});

document.addEventListener('visibilitychange', () => {
  const visible = document.visibilityState === 'visible';
  connection?.send({ type: 'tab_visibility', data: { is_active: visible } });
  if (visible) {
    observeUnread();
  }
});

window.setInterval(() => {
  for (const item of list.children) {
    const message = messages.get((item as HTMLElement).dataset.id ?? '');
    if (message?.delete_at) {
      updateMeta(item as HTMLElement, message, me);
    }
  }
}, 1000);

async function sendImage(file: File): Promise<void> {
  const prepared = await prepareImage(file);
  if (typeof prepared === 'string') {
    showNotice(prepared);
    return;
  }
  connection?.send({ type: 'chat_message', data: { content: prepared.dataUrl, message_type: prepared.messageType } });
}

function onState(state: 'connecting' | 'open' | 'reconnecting' | 'refused', detail = ''): void {
  const labels = {
    connecting: 'Connecting…',
    open: '',
    reconnecting: `Reconnecting: ${detail}`,
    refused: `Not connected: ${detail || 'refused'}`,
  };
  $('connection').textContent = labels[state];
}

function onFrame(frame: ServerFrame): void {
  switch (frame.type) {
    case 'connection_info':
      $('peer-name').textContent = frame.data.other_user.user_name;
      showPeer(frame.data.other_user);
      messages.clear();
      list.replaceChildren();
      frame.data.messages.forEach(addMessage);
      break;
    case 'chat_message':
      addMessage(frame.data);
      break;
    case 'message_read':
    case 'message_delivered': {
      const message = messages.get(frame.data.message_id);
      if (message) {
        Object.assign(
          message,
          frame.type === 'message_read'
            ? { status: 'read', read_at: frame.data.read_at, delete_at: frame.data.delete_at }
            : { status: 'delivered' },
        );
        refresh(message);
      }
      break;
    }
    case 'message_deleted':
      removeMessage(frame.data.message_id);
      break;
    case 'clear_all':
      messages.clear();
      list.replaceChildren();
      break;
    case 'status_update':
      showPeer(frame.data);
      break;
    case 'typing':
    case 'stop_typing':
      $('peer-typing').hidden = frame.type === 'stop_typing';
      break;
    case 'session_full':
      showNotice(frame.data.message);
      break;
    case 'error':
      showNotice(frame.data.message);
      break;
    case 'heartbeat':
      break;
  }
}

function showPeer(peer: PeerView): void {
  const status = $('peer-status');
  status.textContent = peer.status;
  status.className = `status ${peer.status}`;
  if (peer.status === 'offline') {
    $('peer-typing').hidden = true;
  }
}

function addMessage(message: ChatMessagePayload): void {
  messages.set(message.id, message);
  const item = renderMessage(message, me);
  list.append(item);
  item.scrollIntoView({ block: 'end' });
  if (message.receiver_id === me && message.status !== 'read') {
    readObserver.observe(item);
  }
}

function refresh(message: ChatMessagePayload): void {
  const item = list.querySelector<HTMLElement>(`li[data-id="${CSS.escape(message.id)}"]`);
  if (item) {
    updateMeta(item, message, me);
  }
}

function removeMessage(id: string): void {
  messages.delete(id);
  list.querySelector(`li[data-id="${CSS.escape(id)}"]`)?.remove();
}

/** Read means seen: the message is in view while the tab is visible. */
function markRead(id: string): void {
  const message = messages.get(id);
  if (document.visibilityState !== 'visible' || message === undefined || message.read_at) {
    return;
  }
  if (connection?.send({ type: 'message_read', data: { message_id: id } })) {
    const item = list.querySelector(`li[data-id="${CSS.escape(id)}"]`);
    if (item) {
      readObserver.unobserve(item);
    }
  }
}

function observeUnread(): void {
  for (const item of list.children) {
    const message = messages.get((item as HTMLElement).dataset.id ?? '');
    if (message && message.receiver_id === me && !message.read_at) {
      readObserver.unobserve(item);
      readObserver.observe(item);
    }
  }
}

function showNotice(message: string): void {
  notice.textContent = message;
  notice.hidden = false;
  window.setTimeout(() => (notice.hidden = true), 5000);
}

function isOnlyEmoji(content: string): boolean {
  return /^(\p{Extended_Pictographic}|\p{Emoji_Component}|\s)+$/u.test(content) && !/^[\d#*\s]+$/.test(content);
}
