import { execFileSync } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { CORPUS } from '../support/corpus';
import { serveStatic } from '../support/staticServer';

const repo = fileURLToPath(new URL('../../', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Builds the page once and serves dist/ (and the corpus, for deep links) from a plain static server. */
export default async function setup(project: TestProject) {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url)), 'build', '--logLevel', 'warn'], {
    cwd: repo,
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would give the page React's development build
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const stalled = new Set<ServerResponse>();
  const { url, server } = await serveStatic(new Map([
    ['/corpus/', CORPUS],
    ['/fixtures/', fileURLToPath(new URL('../fixtures/', import.meta.url))],
    ['/app/', `${repo}dist`],
  ]), new Map([
    // a download that starts and never ends, for the Cancel button
    ['/slow/never.cpuprofile', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(50 * 2 ** 20), 'access-control-allow-origin': '*' });
      res.write(Buffer.alloc(64 * 1024, 0x20));
      stalled.add(res);
    }],
  ]));
  // the page is served under a path prefix on purpose: it must work there as on any static host
  project.provide('baseUrl', `${url}/app/`);
  return () => new Promise<void>((ok) => {
    for (const res of stalled) res.destroy();
    server.closeAllConnections();
    server.close(() => ok());
  });
}
