import { ClaimOptions } from './chat-connections';

/** `?takeover=1` and `?resume={session_id}` from a connection's URL. */
export function connectOptions(url: string | undefined): ClaimOptions {
  const query = new URL(url ?? '/', 'ws://localhost').searchParams;
  const resume = query.get('resume');
  return { takeover: query.get('takeover') === '1', ...(resume ? { resume } : {}) };
}
