import { ChatMessagePayload, UserId } from '../../protocol/events';
import { mediaContentProblem } from '../../protocol/media';

/**
 * A message as the page holds it: for end-to-end messages, `content` is the opened plaintext, or
 * empty with `locked` set when it does not open with this page's key.
 */
export interface ShownMessage extends ChatMessagePayload {
  locked?: boolean;
  /** The end-to-end content as received, to open again when the key changes. */
  wire?: string;
}

export const EDITABLE = new Set(['text', 'emoji']);

/**
 * One message as a list item. Content only ever becomes text nodes or an <img> whose data URL
 * passed the same check the server makes: never HTML. Locked messages show a placeholder, never
 * ciphertext. The sender's own messages get Edit (text and emoji) and Unsend buttons.
 */
export function renderMessage(message: ShownMessage, me: UserId, now: number): HTMLLIElement {
  const item = document.createElement('li');
  item.dataset.id = message.id;
  item.classList.toggle('mine', message.sender_id === me);
  const meta = document.createElement('div');
  meta.className = 'meta';
  item.append(contentOf(message), meta);
  if (message.sender_id === me) {
    item.append(actionsOf(message));
  }
  updateMeta(item, message, me, now);
  return item;
}

/** Replaces what a message shows after an edit, or once it opens with a new key. */
export function updateContent(item: HTMLElement, message: ShownMessage, me: UserId, now: number): void {
  item.firstElementChild?.replaceWith(contentOf(message));
  item.querySelector('.actions')?.replaceWith(actionsOf(message));
  updateMeta(item, message, me, now);
}

export function updateMeta(item: HTMLElement, message: ShownMessage, me: UserId, now: number): void {
  const meta = item.querySelector('.meta') as HTMLElement;
  const time = new Date(message.created_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const parts = [time];
  if (message.edited_at) {
    parts.push('edited');
  }
  if (message.sender_id === me) {
    parts.push(message.status);
  }
  if (message.delete_at) {
    parts.push(`disappears in ${Math.max(0, Math.ceil((Date.parse(message.delete_at) - now) / 1000))} s`);
  }
  meta.textContent = parts.join(' · ');
  if (message.encrypted) {
    const lock = document.createElement('span');
    lock.className = 'lock';
    lock.textContent = ' · 🔒';
    lock.title = 'End-to-end encrypted: the server cannot read it';
    lock.setAttribute('aria-label', 'end-to-end encrypted');
    meta.append(lock);
  }
}

function actionsOf(message: ShownMessage): HTMLElement {
  const actions = document.createElement('div');
  actions.className = 'actions';
  if (EDITABLE.has(message.message_type) && !message.locked) {
    actions.append(actionButton('edit', 'Edit', message.id));
  }
  actions.append(actionButton('unsend', 'Unsend', message.id));
  return actions;
}

export function actionButton(action: string, label: string, id: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.action = action;
  button.dataset.id = id;
  button.textContent = label;
  return button;
}

function contentOf(message: ShownMessage): HTMLElement {
  const { content, message_type: type } = message;
  if (message.locked) {
    const locked = document.createElement('span');
    locked.className = 'locked';
    locked.textContent = '🔒 Locked: this message does not open with your passphrase.';
    return locked;
  }
  if (
    (type === 'image' || type === 'gif') &&
    content.startsWith('data:') &&
    mediaContentProblem(type, content) === undefined
  ) {
    const image = document.createElement('img');
    image.alt = type === 'gif' ? 'GIF' : 'Image';
    image.src = content;
    return image;
  }
  const text = document.createElement(type === 'gif' && content.startsWith('https://') ? 'a' : 'span');
  if (text instanceof HTMLAnchorElement) {
    // A remote GIF is a link, not an image: the page loads nothing from other origins.
    text.href = content;
    text.rel = 'noopener noreferrer';
    text.target = '_blank';
  }
  text.className = type === 'emoji' ? 'emoji' : '';
  text.textContent = content;
  return text;
}

/** "5 min ago", for last seen. */
export function ago(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) {
    return 'just now';
  }
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.floor(minutes / 60);
  return hours < 24 ? `${hours} h ago` : `${Math.floor(hours / 24)} d ago`;
}
