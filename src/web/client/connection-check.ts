/**
 * Tokens the server has said are wrong. Asking again would change nothing but count one more
 * failure against this address, bringing on AUTH_MAX_FAILURES' block twice as fast.
 */
const wrongTokens = new Set<string>();

/**
 * A browser hides why a WebSocket upgrade failed, so ask the server's plain HTTP side: is it
 * there at all, and does it take this token? If both, what refused the upgrade is the origin.
 */
export async function whyRefused(token: string): Promise<string> {
  try {
    if (!(await fetch('/health', { cache: 'no-store' })).ok) {
      return 'Server unreachable';
    }
    if (wrongTokens.has(token)) {
      return 'Wrong token';
    }
    const headers: Record<string, string> = token === '' ? {} : { Authorization: `Bearer ${token}` };
    const users = await fetch('/users', { cache: 'no-store', headers });
    if (users.status === 401) {
      wrongTokens.add(token);
      return 'Wrong token';
    }
    if (users.status === 429) {
      return 'Too many failed attempts from this address; wait a few minutes';
    }
    return 'Not allowed from this address (origin)';
  } catch {
    return 'Server unreachable';
  }
}
