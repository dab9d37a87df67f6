import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { describeInChromium, launchChromium, screenshotter, SHOTS } from './support/browser';
import { solidPng } from './support/png';
import { startServerProcess, ServerProcess } from './support/server-process';

const PICTURE = solidPng(160, 90, [122, 92, 255]);

describeInChromium('the web client in Chromium (e2e)', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    console.log(`screenshots: ${SHOTS}`);
    server = await startServerProcess({
      BASE_DELETE_TIME_SECONDS: '1',
      TIME_PER_CHARACTER_SECONDS: '0',
      CLEANUP_INTERVAL_SECONDS: '0.2',
    });
    browser = await launchChromium();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
  });

  async function open(user: 'poosie' | 'noosie', viewport = { width: 1000, height: 800 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`http://127.0.0.1:${server.port}/app`);
    await page.getByLabel(user).check();
    await page.getByRole('button', { name: 'Join' }).click();
    // connection_info names the peer.
    await page.waitForFunction(() => document.getElementById('peer-name')?.textContent !== '…');
    return page;
  }

  const shot = screenshotter('chat');

  it('serves the page with a strict Content-Security-Policy', async () => {
    const res = await request(`http://127.0.0.1:${server.port}`).get('/app').expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.text).not.toMatch(/<script>[^<]/);
  });

  it('lets two people chat, see presence, send an image, and watch read messages vanish', async () => {
    const poosie = await open('poosie');
    const noosie = await open('noosie', { width: 390, height: 760 });
    await poosie.locator('#peer-status', { hasText: 'online' }).waitFor();
    await shot(poosie, 'both-online');

    await poosie.getByLabel('Message').fill('Hej noosie! 👋');
    await poosie.getByLabel('Message').press('Enter');
    await noosie.locator('#messages li', { hasText: 'Hej noosie! 👋' }).waitFor();
    await shot(noosie, 'text-received-phone');

    // Seen by noosie (visible, in view) → read → deleted a second later, on both pages.
    await poosie.locator('#messages li .meta', { hasText: 'read' }).waitFor();
    await shot(poosie, 'read-countdown');
    await poosie.locator('#messages li', { hasText: 'Hej noosie!' }).waitFor({ state: 'detached', timeout: 10_000 });
    await noosie.locator('#messages li', { hasText: 'Hej noosie!' }).waitFor({ state: 'detached' });

    await noosie.locator('#file').setInputFiles({ name: 'violet.png', mimeType: 'image/png', buffer: PICTURE });
    await poosie.locator('#messages li img').waitFor();
    await poosie.waitForFunction(
      () => document.querySelector<HTMLImageElement>('#messages li img')?.naturalWidth === 160,
    );
    await shot(poosie, 'image-received');

    const hostile = '<img src=x onerror="window.__pwned = true"><script>window.__pwned = true</script>';
    await noosie.getByLabel('Message').fill(hostile);
    await noosie.getByLabel('Message').press('Enter');
    await poosie.locator('#messages li', { hasText: '<script>' }).waitFor();
    expect(await poosie.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    expect(await poosie.locator('#messages li', { hasText: '<script>' }).locator('script, img[src=x]').count()).toBe(0);
    await shot(poosie, 'html-shown-as-text');

    await noosie.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await poosie.locator('#peer-status', { hasText: 'away' }).waitFor();
    await shot(poosie, 'peer-away');

    await poosie.getByRole('button', { name: 'Clear all' }).click();
    // Both pages empty on the server's clear_all, which reaches each in its own time.
    await noosie.locator('#messages li').first().waitFor({ state: 'detached' });
    await poosie.locator('#messages li').first().waitFor({ state: 'detached' });
    await shot(noosie, 'cleared');

    await noosie.context().close();
    await poosie.locator('#peer-status', { hasText: 'offline' }).waitFor();
    await shot(poosie, 'peer-offline');
  }, 60_000);

  it('asks for the token once, says when it is wrong, and remembers it', async () => {
    const token = 'web-client-token-0123456789';
    const guarded = await startServerProcess({ USER_1_TOKEN: token, USER_2_TOKEN: `${token}-2` });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      const app = `http://127.0.0.1:${guarded.port}/app`;
      await page.goto(app);
      await page.getByLabel('Access token').fill('wrong-token');
      await page.getByRole('button', { name: 'Join' }).click();
      await page.locator('#connection', { hasText: 'Wrong token' }).waitFor();
      await shot(page, 'wrong-token');

      await page.getByRole('button', { name: 'Leave' }).click();
      await page.getByLabel('Access token').fill(token);
      await page.getByRole('button', { name: 'Join' }).click();
      await page.locator('#peer-name', { hasText: 'noosie' }).waitFor();

      await page.reload();
      await expect(page.getByLabel('Access token').inputValue()).resolves.toBe(token);
      await page.getByRole('button', { name: 'Join' }).click();
      await page.locator('#peer-name', { hasText: 'noosie' }).waitFor();
      await context.close();
    } finally {
      guarded.child.kill('SIGTERM');
      await guarded.exited;
    }
  }, 30_000);
});
