import { LoggerService } from '@nestjs/common';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { CryptoService } from '../src/crypto/crypto.service';
import { MessagesRepository } from '../src/messages/messages.repository';
import { describeInChromium, launchChromium, screenshotter } from './support/browser';
import { solidPng } from './support/png';
import { startTestApp, TestApp } from './support/test-app';

/** Keeps every log line, so the test can search them. */
class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  log = (message: unknown): void => void this.lines.push(String(message));
  error = (message: unknown, ...rest: unknown[]): void =>
    void this.lines.push([message, ...rest].map(String).join(' '));
  warn = (message: unknown): void => void this.lines.push(String(message));
}

describeInChromium('the web client as a daily messenger (browser)', () => {
  let browser: Browser;
  let t: TestApp;
  let logger: RecordingLogger;
  const contexts: BrowserContext[] = [];
  /** Every frame a page sent to the server. */
  const framesSent: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);

  beforeEach(async () => {
    logger = new RecordingLogger();
    t = await startTestApp({ RATE_LIMIT_FRAMES: '1000' }, { webClient: true, logger });
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await t.close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function newPage(viewport = { width: 900, height: 700 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    page.on('websocket', (socket) => socket.on('framesent', ({ payload }) => framesSent.push(String(payload))));
    await page.goto(`${t.baseUrl}/app`);
    return page;
  }

  async function join(page: Page, user: 'poosie' | 'noosie', passphrase = '', welcomed = true): Promise<Page> {
    await page.getByLabel(user).check();
    await page.locator('#passphrase').fill(passphrase);
    await page.getByRole('button', { name: 'Join' }).click();
    if (welcomed) {
      await page.waitForFunction(() => document.getElementById('peer-name')?.textContent !== '…');
    }
    return page;
  }

  const message = (page: Page, text: string) => page.locator('#messages li', { hasText: text });

  it("takes a day's separator away with the day's last message, and brings it back with the next", async () => {
    const poosie = await join(await newPage(), 'poosie');
    const noosie = await join(await newPage({ width: 390, height: 760 }), 'noosie');
    await poosie.getByLabel('Message').fill('the only one today');
    await poosie.getByLabel('Message').press('Enter');
    await message(noosie, 'the only one today').waitFor();
    const separators = (page: Page) => page.locator('#messages li.day');
    await expect(separators(noosie).count()).resolves.toBe(1);

    await message(poosie, 'the only one today').getByRole('button', { name: 'Unsend' }).click();
    await message(noosie, 'the only one today').waitFor({ state: 'detached' });
    await expect(separators(noosie).count()).resolves.toBe(0);
    await expect(separators(poosie).count()).resolves.toBe(0);

    await poosie.getByLabel('Message').fill('back again');
    await poosie.getByLabel('Message').press('Enter');
    await message(noosie, 'back again').waitFor();
    await expect(separators(noosie).allTextContents()).resolves.toEqual(['Today']);
    await expect(separators(poosie).allTextContents()).resolves.toEqual(['Today']);
  }, 30_000);

  it('unsends and edits from the message and by keyboard, and hands the chat to another window', async () => {
    const shot = screenshotter('messenger');
    const poosie = await join(await newPage(), 'poosie');
    const noosie = await join(await newPage({ width: 390, height: 760 }), 'noosie');
    await poosie.locator('#peer-status', { hasText: 'online' }).waitFor();

    await poosie.getByLabel('Message').fill('See you at 7');
    await poosie.getByLabel('Message').press('Enter');
    await message(noosie, 'See you at 7').waitFor();
    await poosie.getByLabel('Message').press('ArrowUp'); // edits the last message
    await poosie.locator('#editing').waitFor();
    await expect(poosie.getByLabel('Message').inputValue()).resolves.toBe('See you at 7');
    await poosie.getByLabel('Message').fill('See you at 8');
    await poosie.getByLabel('Message').press('Enter');
    await message(noosie, 'See you at 8').locator('.meta', { hasText: 'edited' }).waitFor();
    await shot(noosie, 'edited');

    await poosie.getByLabel('Message').fill('oops, wrong chat');
    await poosie.getByLabel('Message').press('Enter');
    await message(noosie, 'oops, wrong chat').waitFor();
    await message(poosie, 'oops, wrong chat').getByRole('button', { name: 'Unsend' }).click();
    await message(noosie, 'oops, wrong chat').waitFor({ state: 'detached' });
    await message(poosie, 'oops, wrong chat').waitFor({ state: 'detached' });
    await shot(poosie, 'unsent');

    const phone = await join(await newPage({ width: 390, height: 760 }), 'poosie', '', false);
    await phone.locator('#elsewhere', { hasText: "You're open in another window" }).waitFor();
    await shot(phone, 'open-elsewhere');
    await phone.getByRole('button', { name: 'Use here' }).click();
    await poosie.locator('#elsewhere', { hasText: 'opened in another window' }).waitFor();
    await shot(poosie, 'replaced');
    await phone.getByLabel('Message').fill('now on my phone');
    await phone.getByLabel('Message').press('Enter');
    await message(noosie, 'now on my phone').waitFor();
    await poosie.waitForTimeout(1500); // the replaced window does not come back by itself
    await expect(poosie.locator('#elsewhere').isVisible()).resolves.toBe(true);
    await message(phone, 'now on my phone').waitFor();
    expect(await noosie.locator('#peer-status').textContent()).toBe('online');

    await phone.context().close();
    await noosie.locator('#peer-seen', { hasText: 'last seen just now' }).waitFor();
    await shot(noosie, 'last-seen');
  }, 60_000);

  it('encrypts end to end with a shared passphrase: the server never sees the words', async () => {
    const shot = screenshotter('e2e');
    const secret = 'Hemligt möte vid sjön 🤫';
    const picture = solidPng(120, 80, [20, 160, 120]);
    const poosie = await join(await newPage(), 'poosie', 'our shared words');
    const noosie = await join(await newPage({ width: 390, height: 760 }), 'noosie', 'our shared words');
    await poosie.getByRole('button', { name: '🔒 Encrypted' }).waitFor();
    await noosie.getByRole('button', { name: '🔒 Encrypted' }).click();
    await poosie.getByRole('button', { name: '🔒 Encrypted' }).click();
    const codes = await Promise.all([poosie, noosie].map((page) => page.locator('#e2e-code').textContent()));
    expect(codes[0]).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(codes[1]).toBe(codes[0]);
    await shot(noosie, 'safety-code');
    await Promise.all([poosie, noosie].map((page) => page.getByRole('button', { name: 'Close' }).click()));

    await poosie.getByLabel('Message').fill(secret);
    await poosie.getByLabel('Message').press('Enter');
    await message(noosie, secret).locator('.lock').waitFor();
    await poosie.getByLabel('Message').fill('👋');
    await poosie.getByLabel('Message').press('Enter');
    await message(noosie, '👋').waitFor();
    await noosie.locator('#file').setInputFiles({ name: 'lake.png', mimeType: 'image/png', buffer: picture });
    await poosie.waitForFunction(
      () => document.querySelector<HTMLImageElement>('#messages li img')?.naturalWidth === 120,
    );
    await shot(noosie, 'encrypted-chat');

    await noosie.reload(); // the key is kept (non-extractable, in IndexedDB): no passphrase asked
    await join(noosie, 'noosie');
    await message(noosie, secret).waitFor();
    await noosie.locator('#messages li img').waitFor();

    await noosie.getByRole('button', { name: '🔒 Encrypted' }).click();
    await noosie.getByRole('button', { name: 'Forget key on this device' }).click();
    await noosie.locator('#e2e-passphrase').fill('other words');
    await noosie.getByRole('button', { name: 'Use passphrase' }).click();
    await noosie.locator('#e2e-safety').waitFor();
    expect(await noosie.locator('#e2e-code').textContent()).not.toBe(codes[0]);
    await message(noosie, 'does not open with your passphrase').first().waitFor();
    expect(await noosie.locator('#messages').textContent()).not.toContain('e2e1.');
    expect(await noosie.locator('#messages li img').count()).toBe(0);
    await shot(noosie, 'other-passphrase-locked');

    const pictureText = picture.toString('base64').slice(0, 40);
    for (const leak of [secret, 'Hemligt', pictureText]) {
      expect(framesSent.join('\n')).not.toContain(leak);
      expect(logger.lines.join('\n')).not.toContain(leak);
    }
    const crypto = t.app.get(CryptoService);
    const stored = Array.from(t.app.get(MessagesRepository).all(), (m) => crypto.decrypt(m.token));
    expect(stored).toHaveLength(3);
    stored.forEach((content) => expect(content).toMatch(/^e2e1\.[A-Za-z0-9_-]+$/));
  }, 60_000);
});
