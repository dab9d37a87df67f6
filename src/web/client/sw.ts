/**
 * The service worker: it keeps the app shell (page, script, styles, icons) so the app installs
 * and opens without a network, and then says honestly that the server cannot be reached. It
 * caches nothing else: never a message, a token, or an answer of the API.
 */
const CACHE = 'private-chat-shell-v1';
const SHELL = [
  '/app',
  '/app/app.js',
  '/app/styles.css',
  '/app/icon.svg',
  '/app/icon-unread.svg',
  '/app/icon-192.png',
  '/app/icon-512.png',
  '/app/manifest.webmanifest',
];

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(
    type: 'install' | 'activate' | 'push' | 'notificationclick',
    listener: (event: ExtendableEvent) => void,
  ): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void>; openWindow(url: string): Promise<unknown> };
  registration: { showNotification(title: string, options: { tag: string; icon: string }): Promise<void> };
}

const worker = self as unknown as WorkerScope;

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => worker.clients.claim()),
  );
});

// A Web Push says only that a message came (the server sends no content): so does the notice.
worker.addEventListener('push', (event) => {
  event.waitUntil(
    worker.registration.showNotification('New message', { tag: 'private-chat', icon: '/app/icon-192.png' }),
  );
});

worker.addEventListener('notificationclick', (event) => {
  event.waitUntil(worker.clients.openWindow('/app'));
});

worker.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || !SHELL.includes(url.pathname)) {
    return; // everything else goes to the network, uncached
  }
  // The network first, so an update shows at once; the cached shell when the server is away.
  event.respondWith(
    fetch(event.request)
      .then(async (response) => {
        if (response.ok) {
          const copy = response.clone();
          await caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(async () => (await caches.match(url.pathname)) ?? Response.error()),
  );
});
