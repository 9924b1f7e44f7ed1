import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Headless Debian Chromium with the flags this closed network needs; playwright gives it a fresh temporary profile. */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
}

/** One Chromium for the test file that calls this: launched before its tests, closed after them. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is not launched yet: call it inside a test');
    return browser;
  };
}

/** Fails the test on any uncaught page error, so a broken page cannot pass quietly. */
export async function openPage(browser: Browser, url: string, beforeGoto: (page: Page) => void = () => {}): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  beforeGoto(page); // listeners that must see the page's first moments (its workers, say)
  await page.goto(url);
  return { page, errors };
}

/** Waits until the chart has drawn some nodes and returns how many. */
export async function drawnNodes(page: Page): Promise<number> {
  await page.waitForFunction(() => Number(document.querySelector('canvas[data-drawn]')?.getAttribute('data-drawn') ?? 0) > 0);
  return Number(await page.locator('canvas[data-drawn]').getAttribute('data-drawn'));
}
