// Headless Debian Chromium for player tests and benches: pages are served from a fake origin
// through request routing, and every other request is recorded and refused, so a test can
// assert that the player touches no network at all.
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The fake origin exported pages are served from. */
export const PAGE_ORIGIN = 'http://player.invalid';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface OpenedPlayer {
  page: Page;
  /** Every request other than the page itself and data: URLs (refused). */
  blockedRequests: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

export interface OpenOptions {
  hash?: string;
  viewport?: { width: number; height: number };
  /** Wait for the player API to be ready (default true). */
  waitReady?: boolean;
  /** Script run in the page before its own (e.g. to slow a browser API down). */
  initScript?: string;
}

/** Open an exported HTML page in a new context and wait for `window.playback`. */
export async function openPlayer(browser: Browser, html: string, options: OpenOptions = {}): Promise<OpenedPlayer> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  const url = `${PAGE_ORIGIN}/party.html`;
  const blockedRequests: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', async (route) => {
    const requested = route.request().url();
    if (requested === url || requested.startsWith(`${url}#`)) {
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    } else {
      blockedRequests.push(requested);
      await route.abort();
    }
  });
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith('data:') && !u.startsWith(url) && !blockedRequests.includes(u)) blockedRequests.push(u);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(options.hash ? `${url}${options.hash}` : url);
  if (options.waitReady !== false) await page.waitForFunction(() => Boolean(window.playback), undefined, { timeout: 15_000 });
  return { page, blockedRequests, consoleErrors, pageErrors };
}

/**
 * Open a host page that embeds the exported player in an iframe (same fake origin), and wait
 * for the player inside it.
 */
export async function openEmbedded(browser: Browser, html: string, iframeSrc: string): Promise<OpenedPlayer & { frame: import('playwright-core').Frame }> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const blockedRequests: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const host = `<!doctype html><title>host</title><h1>An article</h1><iframe id="player" src="${iframeSrc}" width="640" height="400" allow="fullscreen"></iframe>`;
  await context.route('**/*', async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/party.html') await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    else if (path === '/host.html') await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: host });
    else {
      blockedRequests.push(route.request().url());
      await route.abort();
    }
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(`${PAGE_ORIGIN}/host.html`);
  const frame = page.frames().find((f) => f.url().includes('/party.html'))!;
  await frame.waitForFunction(() => Boolean(window.playback), undefined, { timeout: 15_000 });
  return { page, frame, blockedRequests, consoleErrors, pageErrors };
}

/** Open a page a server serves (the `play` command). */
export async function openUrl(browser: Browser, url: string): Promise<OpenedPlayer> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(url);
  await page.waitForFunction(() => Boolean(window.playback), undefined, { timeout: 15_000 });
  return { page, blockedRequests: [], consoleErrors, pageErrors };
}

/** Canvas size and how many distinct red values it shows (a blank fill shows one). */
export async function canvasStats(page: Page): Promise<{ width: number; height: number; distinctReds: number }> {
  return page.evaluate(() => {
    const canvas = document.querySelector('canvas')!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const reds = new Set<number>();
    for (let i = 0; i < data.length; i += 4) reds.add(data[i]!);
    return { width: canvas.width, height: canvas.height, distinctReds: reds.size };
  });
}

/**
 * How many canvas pixels are within `tolerance` (per channel) of a hex colour, counted in the
 * page over a band of rows given as fractions of the height.
 */
export async function countColor(page: Page, hex: string, band: { top: number; bottom: number } = { top: 0, bottom: 1 }, tolerance = 10): Promise<number> {
  return page.evaluate(
    ({ hex, band, tolerance }) => {
      const canvas = document.querySelector('canvas')!;
      const y0 = Math.floor(canvas.height * band.top);
      const y1 = Math.floor(canvas.height * band.bottom);
      const data = canvas.getContext('2d')!.getImageData(0, y0, canvas.width, Math.max(1, y1 - y0)).data;
      const r = parseInt(hex.slice(1, 3), 16);
      const g = parseInt(hex.slice(3, 5), 16);
      const b = parseInt(hex.slice(5, 7), 16);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i]! - r) <= tolerance && Math.abs(data[i + 1]! - g) <= tolerance && Math.abs(data[i + 2]! - b) <= tolerance) n++;
      }
      return n;
    },
    { hex, band, tolerance },
  );
}

/** A cheap fingerprint of the canvas, to tell whether it changed. */
export async function canvasHash(page: Page): Promise<string> {
  return page.evaluate(() => {
    const canvas = document.querySelector('canvas')!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 2166136261;
    for (let i = 0; i < data.length; i += 7) h = Math.imul(h ^ data[i]!, 16777619);
    return `${canvas.width}x${canvas.height}:${(h >>> 0).toString(16)}`;
  });
}
