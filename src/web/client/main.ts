/**
 * The web client served at /app: pick who you are, chat, see presence, typing and read state;
 * unsend and edit your messages; optionally encrypt end to end with a shared passphrase.
 * Built by `npm run build` (esbuild) from this folder, with the server's own protocol types.
 */
import { ChatMessagePayload, ErrorCode, MessageType, PeerView, ServerFrame, UserId } from '../../protocol/events';
import { Attention } from './attention';
import { ChatConnection, ConnectionState } from './chat-connection';
import { fromBase64Url, openE2e, sealE2e } from './e2e-crypto';
import { EncryptionPanel } from './encryption-panel';
import { prepareImage } from './image-input';
import { whyRefused } from './connection-check';
import { OutgoingMessage, Outbox } from './outbox';
import { renderPending } from './outbox-view';
import { MessageList } from './message-list';
import { ago, EDITABLE, ShownMessage } from './message-view';

const STORAGE_KEY = 'private-chat';
const TYPING_REPEAT_MS = 2000;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const login = $<HTMLFormElement>('login');
const chat = $<HTMLElement>('chat');
const list = $<HTMLOListElement>('messages');
const text = $<HTMLTextAreaElement>('text');
const notice = $<HTMLElement>('notice');

let me: UserId = 1;
let connection: ChatConnection | undefined;
let peer: PeerView | undefined;
let lastTypingSent = 0;
/** Milliseconds to add to this device's clock to get the server's. */
let clockSkew = 0;
let editingId: string | undefined;
const attention = new Attention(
  $<HTMLButtonElement>('notify'),
  $('notify-text-option'),
  $<HTMLInputElement>('notify-text'),
  (on) => void (on ? subscribePush() : unsubscribePush()),
);
/** The server's Web Push key, when it sends pushes. */
let vapidKey: string | undefined;
/** Messages written but not yet confirmed by the server: shown as pending, sent on reconnect. */
const outbox = new Outbox();
/** Refusals that belong to a message being sent (the server answers frames in order). */
const SEND_REFUSALS = new Set<ErrorCode>(['payload_too_large', 'storage_full', 'invalid_payload', 'e2e_required']);
let connected = false;
let currentToken = '';
/** When the server this page last talked to started; a different one means it restarted. */
let serverStartedAt: string | undefined;

/** End-to-end encryption: its panel, and the key once the passphrase is known. */
const e2e = new EncryptionPanel(() => reopenAll());

/** Frames are handled one after another, though opening an encrypted one takes a moment. */
let frameQueue = Promise.resolve();

/** The conversation as shown; it tells the server what was read and the title what is unread. */
const messages = new MessageList(list, $('empty'), $<HTMLButtonElement>('jump'), {
  me: () => me,
  now: serverNow,
  seen: (id) => connection?.send({ type: 'message_read', data: { message_id: id } }) === true,
  unreadChanged: (count) => attention.showUnread(count),
});

restoreLogin();
// Installable, and opens without a network (the worker keeps the app shell, nothing else).
if ('serviceWorker' in navigator) {
  void navigator.serviceWorker.register('/app/sw.js', { scope: '/app' }).catch(() => undefined);
}
login.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(login);
  me = data.get('user') === '2' ? 2 : 1;
  const token = fieldText(data, 'token');
  const passphrase = fieldText(data, 'passphrase');
  e2e.remember(passphrase === '' ? undefined : passphrase);
  $<HTMLInputElement>('passphrase').value = '';
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ user: me, token }));
  join(token);
});

function fieldText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

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
  currentToken = token;
  connection = new ChatConnection(me, token, { frame: onFrame, state: onState });
  connection.start();
  text.focus();
}

$('leave').addEventListener('click', () => {
  connection?.stop();
  messages.clear();
  chat.hidden = true;
  login.hidden = false;
  $('elsewhere').hidden = true;
});

$('clear').addEventListener('click', () => {
  if (confirm('Delete every message, for both of you?')) {
    connection?.send({ type: 'clear_all', data: {} });
  }
});

$('use-here').addEventListener('click', () => {
  $('elsewhere').hidden = true;
  connection?.takeOver();
});

$<HTMLFormElement>('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const content = text.value.trim();
  if (content === '') {
    return;
  }
  const type: MessageType = isOnlyEmoji(content) ? 'emoji' : 'text';
  const sending = editingId === undefined ? sendContent(content, type) : sendEdit(editingId, content, type);
  void sending.then((sent) => {
    if (sent) {
      text.value = '';
      lastTypingSent = 0;
      stopEditing();
    }
  });
});

text.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault(); // Enter sends; Shift+Enter is a new line
    $<HTMLFormElement>('composer').requestSubmit();
  } else if (event.key === 'ArrowUp' && text.value === '') {
    const last = messages
      .all()
      .reverse()
      .find((m) => m.sender_id === me && EDITABLE.has(m.message_type));
    if (last !== undefined && !last.locked) {
      event.preventDefault();
      startEditing(last.id);
    }
  } else if (event.key === 'Escape' && editingId !== undefined) {
    stopEditing();
    text.value = '';
  }
});
$('cancel-edit').addEventListener('click', () => {
  stopEditing();
  text.value = '';
  text.focus();
});

list.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
  const id = button?.dataset.id ?? '';
  if (button?.dataset.action === 'edit') {
    startEditing(id);
  } else if (button?.dataset.action === 'unsend' && confirm('Unsend this message? It disappears for both of you.')) {
    sendOrSay({ type: 'delete_message', data: { message_id: id } }, 'unsend');
  } else if (button?.dataset.action === 'retry') {
    outbox.retry(id);
    flushOutbox(false);
  } else if (button?.dataset.action === 'discard') {
    outbox.discard(id);
    pendingItem(id)?.remove();
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
    messages.lookForUnread();
  }
});

/** The server's clock as this device reckons it: countdowns run on the server's time. */
function serverNow(): number {
  return Date.now() + clockSkew;
}

window.setInterval(() => {
  messages.tick();
  showLastSeen(serverNow());
}, 1000);

/** Opens every message again, after the key changed. */
async function reopenAll(): Promise<void> {
  for (const message of messages.all()) {
    if (message.encrypted) {
      messages.replace(await openMessage({ ...message, content: message.wire ?? message.content }));
    }
  }
}

// --- Sending -----------------------------------------------------------------------------

/** The content as it goes on the wire: sealed when there is a key, refused when one is required. */
async function sealed(
  content: string,
  type: MessageType,
): Promise<{ content: string; encrypted?: true; char_count?: number } | undefined> {
  if (e2e.key !== undefined) {
    const ciphertext = await sealE2e(e2e.key.key, me, type, content);
    return { content: ciphertext, encrypted: true, char_count: Array.from(content).length };
  }
  if (e2e.required) {
    e2e.open('This chat is end-to-end encrypted: enter the passphrase before sending.');
    return undefined;
  }
  return { content };
}

/** Into the outbox: shown at once as pending, sent now or as soon as the connection is back. */
async function sendContent(content: string, type: MessageType): Promise<boolean> {
  const wire = await sealed(content, type);
  if (wire === undefined) {
    return false;
  }
  const outgoing = outbox.add(content, { type: 'chat_message', data: { ...wire, message_type: type } });
  list.append(renderPending(outgoing, connected));
  $('empty').hidden = true;
  list.scrollTop = list.scrollHeight;
  flushOutbox(false);
  return true;
}

async function sendEdit(id: string, content: string, type: MessageType): Promise<boolean> {
  const original = messages.get(id);
  const wire = await sealed(content, original?.message_type ?? type);
  if (wire === undefined) {
    return false;
  }
  if (connection?.send({ type: 'edit_message', data: { ...wire, message_id: id } }) !== true) {
    showNotice(
      'Not connected, so the edit was not sent. It is still in the box: try again once the connection is back.',
    );
    return false;
  }
  return true;
}

async function sendImage(file: File): Promise<void> {
  const prepared = await prepareImage(file);
  if (typeof prepared === 'string') {
    showNotice(prepared);
    return;
  }
  await sendContent(prepared.dataUrl, prepared.messageType);
}

function startEditing(id: string): void {
  const message = messages.get(id);
  if (message === undefined) {
    return;
  }
  editingId = id;
  text.value = message.content;
  $('editing').hidden = false;
  text.focus();
}

function stopEditing(): void {
  editingId = undefined;
  $('editing').hidden = true;
}

// --- Receiving ---------------------------------------------------------------------------

function onState(state: ConnectionState, detail = ''): void {
  const labels: Record<ConnectionState, string> = {
    connecting: 'Connecting…',
    open: '',
    reconnecting: `Connection lost. Reconnecting in ${detail} s`,
    failed: 'Could not connect; checking why…',
    refused: `Not connected: ${detail || 'refused'}`,
    elsewhere: 'Open in another window',
    replaced: 'Open in another window',
  };
  $('connection').textContent = labels[state];
  if (state === 'failed') {
    void whyRefused(currentToken).then((why) => ($('connection').textContent = `${why}. Trying again in ${detail} s`));
  }
  if (state !== 'open') {
    connected = false;
    outbox.all.forEach(redrawPending);
  }
  if (state === 'elsewhere' || state === 'replaced') {
    $('elsewhere-text').textContent =
      state === 'elsewhere'
        ? "You're open in another window or device."
        : 'This chat was opened in another window or device.';
    $('elsewhere').hidden = false;
  }
  if (state !== 'open' && peer !== undefined) {
    showPeer({ ...peer, status: 'offline' }, true); // not connected: the page cannot know
  }
}

function onFrame(frame: ServerFrame): void {
  frameQueue = frameQueue.then(() => handle(frame)).catch(() => showNotice('A message could not be shown.'));
}

async function handle(frame: ServerFrame): Promise<void> {
  switch (frame.type) {
    case 'connection_info': {
      $('elsewhere').hidden = true;
      clockSkew = Date.parse(frame.data.server_time) - Date.now();
      $('me-name').textContent = frame.data.user_name;
      $('peer-name').textContent = frame.data.other_user.user_name;
      showPeer(frame.data.other_user);
      await e2e.setUp(frame.data.e2e);
      vapidKey = frame.data.push?.vapid_public_key;
      void subscribePush();
      const hadMessages = messages.size > 0;
      messages.clear();
      for (const message of frame.data.messages) {
        await addMessage(message);
      }
      outbox.all.forEach((outgoing) => messages.append(renderPending(outgoing, connected)));
      connected = true;
      flushOutbox(true);
      if (serverStartedAt !== undefined && serverStartedAt !== frame.data.server_started_at && hadMessages) {
        showNotice('The server restarted, so the messages it held in memory are gone.');
      }
      serverStartedAt = frame.data.server_started_at;
      break;
    }
    case 'chat_message':
      if (frame.data.sender_id === me && outbox.confirm(frame.data.client_id) !== undefined) {
        pendingItem(frame.data.client_id ?? '')?.remove();
      }
      await addMessage(frame.data);
      break;
    case 'message_read':
    case 'message_delivered':
      messages.update(
        frame.data.message_id,
        frame.type === 'message_read'
          ? { status: 'read', read_at: frame.data.read_at, delete_at: frame.data.delete_at }
          : { status: 'delivered' },
      );
      break;
    case 'message_edited': {
      const message = messages.get(frame.data.message_id);
      if (message) {
        const { read_at: _read, delete_at: _delete, locked: _locked, wire: _wire, ...rest } = message;
        const edited = await openMessage({
          ...rest,
          content: frame.data.content,
          char_count: frame.data.char_count,
          encrypted: frame.data.encrypted,
          edited_at: frame.data.edited_at,
          status: frame.data.status,
        });
        messages.replace(edited);
      }
      break;
    }
    case 'message_deleted':
      removeMessage(frame.data.message_id);
      break;
    case 'clear_all':
      messages.clear();
      break;
    case 'status_update':
      showPeer(frame.data);
      break;
    case 'typing':
    case 'stop_typing':
      $('peer-typing').hidden = frame.type === 'stop_typing';
      break;
    case 'error': {
      const refused = SEND_REFUSALS.has(frame.data.code) ? outbox.refuse(frame.data.message) : undefined;
      if (refused === undefined) {
        showNotice(frame.data.message);
      } else {
        redrawPending(refused);
      }
      break;
    }
    case 'session_full':
    case 'session_replaced':
    case 'heartbeat':
      break;
  }
}

/** The message as this page shows it: end-to-end content opened with the key, or locked. */
async function openMessage(message: ChatMessagePayload): Promise<ShownMessage> {
  if (!message.encrypted) {
    return message;
  }
  const opened =
    e2e.key === undefined
      ? undefined
      : await openE2e(e2e.key.key, message.sender_id, message.message_type, message.content);
  return opened === undefined
    ? { ...message, wire: message.content, content: '', locked: true }
    : { ...message, wire: message.content, content: opened, locked: false };
}

function showPeer(view: PeerView, unknown = false): void {
  peer = unknown ? peer : view;
  const status = $('peer-status');
  status.textContent = unknown ? 'unknown' : view.status;
  status.className = `status ${unknown ? 'unknown' : view.status}`;
  if (view.status === 'offline') {
    $('peer-typing').hidden = true;
  }
  showLastSeen(serverNow());
}

function showLastSeen(now: number): void {
  const seen = $('peer-seen');
  const lastSeen = peer?.last_seen;
  seen.hidden = peer === undefined || peer.status === 'online' || lastSeen == null;
  if (!seen.hidden && lastSeen) {
    seen.textContent = `last seen ${ago(now - Date.parse(lastSeen))}`;
  }
}

async function addMessage(payload: ChatMessagePayload): Promise<void> {
  const message = await openMessage(payload);
  if (messages.add(message) && message.receiver_id === me && message.status !== 'read') {
    $('announcer').textContent = `New message from ${message.sender_name}`;
    attention.announce(
      message.message_type === 'text' || message.message_type === 'emoji' ? message.content : undefined,
    );
  }
}

function removeMessage(id: string): void {
  messages.remove(id);
  if (editingId === id) {
    stopEditing();
    text.value = '';
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

function pendingItem(clientId: string): HTMLElement | null {
  return list.querySelector<HTMLElement>(`li[data-client-id="${CSS.escape(clientId)}"]`);
}

/** Shows a message still in the outbox as it stands now (connected or not, refused or not). */
function redrawPending(outgoing: OutgoingMessage): void {
  pendingItem(outgoing.clientId)?.replaceWith(renderPending(outgoing, connected));
}

function flushOutbox(afterReconnect: boolean): void {
  if (connected && connection !== undefined) {
    outbox.flush((frame) => connection?.send(frame) === true, afterReconnect);
  }
}

/** Frames that make sense only now: said plainly when they cannot go. */
function sendOrSay(frame: Parameters<ChatConnection['send']>[0], what: string): void {
  if (connection?.send(frame) !== true) {
    showNotice(`Not connected, so the ${what} was not sent. Try again once the connection is back.`);
  }
}

/**
 * With notifications on and a server that pushes, the phone is told of a message even with the
 * app closed: the browser's push subscription goes to the server (which keeps it in memory).
 */
async function subscribePush(): Promise<void> {
  if (vapidKey === undefined || !attention.enabled || !('serviceWorker' in navigator) || !('PushManager' in window)) {
    return;
  }
  try {
    const registration = await navigator.serviceWorker.ready;
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: fromBase64Url(vapidKey),
      }));
    const { endpoint, keys } = subscription.toJSON();
    if (endpoint !== undefined && keys?.p256dh !== undefined && keys.auth !== undefined) {
      connection?.send({ type: 'push_subscribe', data: { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } } });
    }
  } catch {
    // No push service reachable from this browser: notifications still work while the tab is open.
  }
}

async function unsubscribePush(): Promise<void> {
  const subscription = await navigator.serviceWorker?.ready.then((registration) =>
    registration.pushManager.getSubscription(),
  );
  if (subscription) {
    connection?.send({ type: 'push_unsubscribe', data: { endpoint: subscription.endpoint } });
    await subscription.unsubscribe();
  }
}
