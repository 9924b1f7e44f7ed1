import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBrowser } from './openBrowser';
import { HELP, parseCommand, usageError, type CommandSpec, type OptionTable } from './options';
import { startServer } from './server';

export const SERVE = {
  synopsis: ['[serve] FILE... [options]', '[serve] DIR [options]'],
  notes: [
    'serves the viewer and the files on http://127.0.0.1 and opens it; DIR lists the folder\'s profiles',
  ],
  options: {
    port: { type: 'string', value: 'N', default: '0', help: 'the port to listen on; 0 is a free one' },
    host: { type: 'string', value: 'H', default: '127.0.0.1', help: 'the address to listen on' },
    'no-open': { type: 'boolean', help: 'do not open the browser' },
    watch: { type: 'boolean', help: 'reload a file in the page when it changes; a DIR follows new profiles' },
    'source-root': { type: 'string', value: 'DIR', multiple: true, default: '.', help: 'serve the source files the profiles name from under DIR, and from nowhere else' },
    ...HELP,
  },
} as const satisfies CommandSpec<OptionTable>;

/**
 * The built viewer beside the built CLI: dist-cli/profburst.js -> dist/. The CLI is bundled into
 * one file, so import.meta.url is that file's address wherever the package is installed.
 */
export function defaultDistRoot(): string {
  return fileURLToPath(new URL('../dist/', import.meta.url));
}

/** The page address: `?watch=1` (and `dir=1`) in the query, every file as a `url=` in the hash. */
export function pageUrl(origin: string, profileUrls: string[], flags: { watch: boolean; dir: boolean }): string {
  const query = [flags.dir ? 'dir=1' : '', flags.watch ? 'watch=1' : ''].filter(Boolean).join('&');
  const hash = profileUrls.map((u) => `url=${encodeURIComponent(u)}`).join('&');
  return `${origin}/${query ? `?${query}` : ''}${hash ? `#${hash}` : ''}`;
}

/** Runs until SIGINT/SIGTERM; resolves with the exit code. */
export async function serveCommand(args: string[], distRoot = defaultDistRoot()): Promise<number> {
  const parsed = parseCommand(SERVE, args);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals: paths } = parsed;
  const usage = (message: string) => usageError(SERVE, message);
  const port = Number(values.port);
  const { host, watch } = values;
  const open = !values['no-open'];
  const sourceRoots = values['source-root'];
  if (paths.length === 0) return usage('name at least one FILE or a DIR');
  if (!/^\d+$/.test(values.port) || port > 65535) return usage('--port needs a number from 0 to 65535');
  if (!host) return usage('--host needs a name or address');
  const kinds = paths.map((p) => {
    try {
      return statSync(p).isDirectory() ? 'dir' : 'file';
    } catch {
      return 'missing';
    }
  });
  const missing = paths.find((_, i) => kinds[i] === 'missing');
  if (missing !== undefined) {
    console.error(`profburst: cannot read ${missing}`);
    return 1;
  }
  // a mistyped root would serve nothing and say nothing; `.` is the folder profburst started in
  const notDir = sourceRoots.find((r) => !isDirectory(r));
  if (notDir !== undefined) {
    console.error(`profburst: --source-root ${notDir} is not a folder`);
    return 1;
  }
  const dir = kinds.includes('dir');
  if (dir && paths.length > 1) return usage('serve one DIR, or files; not both');
  if (!existsSync(join(distRoot, 'index.html'))) {
    console.error('profburst: the viewer is not built; run `npm run build` in the profburst folder');
    return 1;
  }

  let server;
  try {
    server = await startServer({
      distRoot, host, port, watch, sourceRoots,
      ...(dir ? { dir: paths[0] } : { files: paths }),
      onChange: (changed) => console.log(`profburst: changed ${decodeURIComponent(changed)}`),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    console.error(`profburst: cannot listen on ${host}:${port}: ${code ?? String(e)}`);
    return 1;
  }
  const url = pageUrl(server.origin, server.profileUrls, { watch, dir });
  console.log(`profburst: serving on ${server.origin}/ (Ctrl-C to stop)\n${url}`);
  if (open) openBrowser(url);

  return new Promise<number>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(() => done(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
