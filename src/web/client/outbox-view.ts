import { actionButton } from './message-view';
import { OutgoingMessage } from './outbox';

/** A message of the outbox: what was written, whether it waits, and why the server refused it. */
export function renderPending(outgoing: OutgoingMessage, connected: boolean): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'mine pending';
  item.dataset.clientId = outgoing.clientId;
  const body = document.createElement('span');
  const type = outgoing.frame.data.message_type;
  body.textContent = type === 'image' || type === 'gif' ? 'Image' : outgoing.shown;
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent =
    outgoing.refusal !== undefined
      ? `Not sent: ${outgoing.refusal}`
      : connected
        ? 'Sending…'
        : 'Waiting for the connection…';
  item.append(body, meta);
  if (outgoing.refusal !== undefined) {
    const actions = document.createElement('div');
    actions.className = 'actions';
    actions.append(
      actionButton('retry', 'Retry', outgoing.clientId),
      actionButton('discard', 'Discard', outgoing.clientId),
    );
    item.append(actions);
  }
  return item;
}
