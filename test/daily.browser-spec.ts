import { readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { Socket } from 'node:net';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { describeInChromium, launchChromium, screenshotter } from './support/browser';
import { startTestApp, TestApp } from './support/test-app';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}

describeInChromium('the web client for every day (browser)', () => {
  let browser: Browser;
  let t: TestApp;
  const contexts: BrowserContext[] = [];
  const shot = screenshotter('daily');

  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await t?.close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(user: 'poosie' | 'noosie', options: { viewport?: { width: number; height: number } } = {}) {
    // bypassCSP only lets the test inject axe-core; the page itself runs under its real CSP.
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 900, height: 700 },
      bypassCSP: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${t.baseUrl}/app`);
    await page.getByLabel(user).check();
    await page.getByRole('button', { name: 'Join' }).click();
    return page;
  }

  const welcomed = (page: Page) =>
    page.waitForFunction(() => document.getElementById('peer-name')?.textContent !== '…');
  const say = async (page: Page, text: string): Promise<void> => {
    await page.getByLabel('Message', { exact: true }).fill(text);
    await page.getByLabel('Message', { exact: true }).press('Enter');
  };
  const hide = (page: Page, hidden: boolean) =>
    page.evaluate((value) => {
      Object.defineProperty(document, 'visibilityState', { value: value ? 'hidden' : 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);

  async function audit(page: Page, screen: string): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate(AXE);
      const result = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run());
      const serious = result.violations
        .filter((violation) => violation.impact !== 'minor')
        .map(
          (violation) =>
            `${screen} (${scheme}): ${violation.id} at ${violation.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
      expect(serious).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  it('passes an accessibility audit on the join screen and in a chat, light and dark', async () => {
    t = await startTestApp({}, { webClient: true });
    const context = await browser.newContext({ bypassCSP: true });
    contexts.push(context);
    const join = await context.newPage();
    await join.goto(`${t.baseUrl}/app`);
    await audit(join, 'join');
    const poosie = await open('poosie');
    const noosie = await open('noosie');
    await Promise.all([welcomed(poosie), welcomed(noosie)]);
    await say(poosie, 'Hej! Ska vi ses ikväll?');
    await say(noosie, 'Ja gärna 😊');
    await poosie.locator('#messages li', { hasText: 'Ja gärna' }).waitFor();
    await audit(poosie, 'chat');
    await shot(poosie, 'chat');
    await poosie.getByRole('button', { name: 'Encryption' }).click();
    await audit(poosie, 'encryption panel');
    const second = await open('poosie'); // the "open in another window" screen
    await second.locator('#elsewhere').waitFor();
    await audit(second, 'open elsewhere');
  }, 60_000);

  it('counts unread messages in the title and the icon while the tab is hidden, and keeps the reading position', async () => {
    t = await startTestApp({ RATE_LIMIT_FRAMES: '1000' }, { webClient: true });
    const poosie = await open('poosie');
    const noosie = await open('noosie', { viewport: { width: 390, height: 500 } });
    await Promise.all([welcomed(poosie), welcomed(noosie)]);
    await hide(noosie, true);
    await say(poosie, 'one');
    await say(poosie, 'two');
    await noosie.waitForFunction(() => document.title === '(2) Private chat');
    await expect(noosie.locator('#favicon').getAttribute('href')).resolves.toBe('/app/icon-unread.svg');
    await hide(noosie, false);
    await noosie.waitForFunction(() => document.title === 'Private chat');
    await expect(noosie.locator('#favicon').getAttribute('href')).resolves.toBe('/app/icon.svg');

    for (let i = 0; i < 25; i++) {
      await say(poosie, `line ${i} of a long story`);
    }
    await noosie.locator('#messages li', { hasText: 'line 24 of' }).waitFor();
    await noosie.evaluate(() => (document.getElementById('messages') as HTMLElement).scrollTo(0, 0));
    await say(poosie, 'a new one while you read');
    await noosie.locator('#jump').waitFor();
    expect(await noosie.evaluate(() => (document.getElementById('messages') as HTMLElement).scrollTop)).toBe(0);
    await shot(noosie, 'jump-to-newest');
    await noosie.locator('#jump').click();
    await noosie.locator('#messages li', { hasText: 'a new one while you read' }).isVisible();
  }, 60_000);

  it('keeps what you send while offline as pending, and sends each exactly once, in order, when back', async () => {
    t = await startTestApp({}, { webClient: true });
    const upgraded: Socket[] = [];
    (t.app.getHttpServer() as Server).on('upgrade', (_request, socket: Socket) => upgraded.push(socket));
    const poosie = await open('poosie');
    await welcomed(poosie);
    const poosieSocket = upgraded[0];
    const noosie = await open('noosie');
    await welcomed(noosie);
    // The network goes: the connection drops, and nothing gets through until it is back.
    await poosie.context().setOffline(true);
    poosieSocket.destroy();
    await poosie.locator('#connection', { hasText: /Reconnecting|Could not connect|unreachable/ }).waitFor();
    await say(poosie, 'written on the train');
    await say(poosie, 'and another one');
    await poosie.locator('#messages li.pending', { hasText: 'Waiting for the connection' }).first().waitFor();
    expect(await poosie.locator('#messages li.pending').count()).toBe(2);
    await shot(poosie, 'outbox-offline');
    await poosie.context().setOffline(false);
    await noosie.locator('#messages li', { hasText: 'and another one' }).waitFor({ timeout: 15_000 });
    await poosie.locator('#messages li.pending').first().waitFor({ state: 'detached' });
    const received = await noosie.locator('#messages li:not(.day) > span').allTextContents();
    expect(received).toEqual(['written on the train', 'and another one']);
  }, 60_000);

  it('says which: server unreachable, or not allowed from this origin', async () => {
    t = await startTestApp({ ALLOWED_ORIGINS: 'https://chat.elsewhere.example' }, { webClient: true });
    const page = await open('poosie');
    await page
      .locator('#connection', { hasText: 'Not allowed from this address (origin)' })
      .waitFor({ timeout: 15_000 });
    await shot(page, 'origin-refused');
    await t.close();
    t = undefined as unknown as TestApp;
    await page.locator('#connection', { hasText: 'Server unreachable' }).waitFor({ timeout: 20_000 });
    await shot(page, 'server-unreachable');
  }, 60_000);

  it('installs: a manifest and a service worker that serves the app shell, and only that, with the server down', async () => {
    t = await startTestApp({}, { webClient: true });
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/app`);
    const manifest = await page.evaluate(
      async () => (await fetch('/app/manifest.webmanifest')).json() as Promise<object>,
    );
    expect(manifest).toMatchObject({ start_url: '/app', display: 'standalone', icons: expect.any(Array) });
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.getByLabel('poosie').check();
    await page.getByRole('button', { name: 'Join' }).click();
    await welcomed(page);
    await say(page, 'never in a cache');

    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const entries = await Promise.all(names.map(async (name) => (await caches.open(name)).keys()));
      return entries.flat().map((request) => new URL(request.url).pathname);
    });
    expect(cached.sort()).toEqual(
      [
        '/app',
        '/app/app.js',
        '/app/styles.css',
        '/app/icon.svg',
        '/app/icon-unread.svg',
        '/app/icon-192.png',
        '/app/icon-512.png',
        '/app/manifest.webmanifest',
      ].sort(),
    );

    await t.close();
    t = undefined as unknown as TestApp;
    await page.reload();
    await page.getByRole('button', { name: 'Join' }).click();
    await page.locator('#connection', { hasText: 'Server unreachable' }).waitFor({ timeout: 20_000 });
    await shot(page, 'offline-from-cache');
  }, 60_000);
});
