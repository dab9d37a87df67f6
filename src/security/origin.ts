/**
 * An origin in the one form browsers send: scheme and host in lower case, no default port, no
 * trailing slash. Undefined for anything that is not an http(s) origin (a path, a query, "null").
 */
export function normalizeOrigin(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  const bare =
    url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  return (url.protocol === 'https:' || url.protocol === 'http:') && bare ? url.origin : undefined;
}

/** A comma-separated list of origins, normalised; undefined if any entry is not an origin. */
export function parseOrigins(list: string): string[] | undefined {
  const origins = list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map(normalizeOrigin);
  return origins.every((origin): origin is string => origin !== undefined) ? origins : undefined;
}
