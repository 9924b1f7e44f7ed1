// Takes the README's screenshot: the built page (npm run build) with a corpus profile open.
// Usage: node scripts/screenshot.mjs [PROFILE] [OUT.png]
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const profile = resolve(process.argv[2] ?? 'public/examples/report.prof');
const out = process.argv[3] ?? 'docs/screenshot.png';
const types = new Map([['.html', 'text/html'], ['.js', 'text/javascript'], ['.css', 'text/css']]);
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const file = path === '/profile' ? profile : join(resolve('dist'), path === '/' ? 'index.html' : path);
  if (!file.startsWith(resolve('dist')) && file !== profile) return res.writeHead(403).end();
  if (!existsSync(file) || statSync(file).isDirectory()) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': types.get(extname(file)) ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}).listen(0, '127.0.0.1');
await new Promise((ok) => server.once('listening', ok));
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
await page.goto(`http://127.0.0.1:${server.address().port}/#url=${encodeURIComponent('/profile')}&title=${encodeURIComponent(process.argv[2] ? profile.split('/').pop() : 'report.prof')}`);
await page.waitForFunction(() => Number(document.querySelector('canvas[data-drawn]')?.getAttribute('data-drawn') ?? 0) > 0);
if (process.env.HOVER) await page.mouse.move(...process.env.HOVER.split(',').map(Number));
await page.waitForTimeout(300);
await page.screenshot({ path: out });
await browser.close();
server.close();
console.log(`wrote ${out}`);
