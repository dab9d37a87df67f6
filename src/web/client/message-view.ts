import { ChatMessagePayload, UserId } from '../../protocol/events';
import { mediaContentProblem } from '../../protocol/media';

/**
 * One message as a list item. Content only ever becomes text nodes or an <img> whose data URL
 * passed the same check the server makes: never HTML.
 */
export function renderMessage(message: ChatMessagePayload, me: UserId): HTMLLIElement {
  const item = document.createElement('li');
  item.dataset.id = message.id;
  item.classList.toggle('mine', message.sender_id === me);
  item.append(contentOf(message), document.createElement('div'));
  (item.lastElementChild as HTMLElement).className = 'meta';
  updateMeta(item, message, me);
  return item;
}

export function updateMeta(item: HTMLElement, message: ChatMessagePayload, me: UserId, now = Date.now()): void {
  const meta = item.querySelector('.meta') as HTMLElement;
  const time = new Date(message.created_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const parts = [time];
  if (message.sender_id === me) {
    parts.push(message.status);
  }
  if (message.delete_at) {
    parts.push(`disappears in ${Math.max(0, Math.ceil((Date.parse(message.delete_at) - now) / 1000))} s`);
  }
  meta.textContent = parts.join(' · ');
}

function contentOf(message: ChatMessagePayload): HTMLElement {
  const { content, message_type: type } = message;
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
