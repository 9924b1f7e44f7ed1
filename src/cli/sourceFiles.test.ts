import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSource, realRoots } from './sourceFiles';

/** The resolution alone, on names a hostile profile could hold (sourceServe.test.ts: over HTTP). */
const base = realpathSync(mkdtempSync(join(tmpdir(), 'profburst-sourcefiles-')));
const a = join(base, 'a');
const b = join(base, 'b');
const out = join(base, 'out');

beforeAll(() => {
  for (const d of [a, b, out, join(a, 'dir')]) mkdirSync(d);
  writeFileSync(join(a, 'x.py'), 'a/x\n');
  writeFileSync(join(b, 'x.py'), 'b/x\n');
  writeFileSync(join(b, 'only-b.py'), 'b/only\n');
  writeFileSync(join(out, 'secret.py'), 'secret\n');
  symlinkSync(join(out, 'secret.py'), join(a, 'escape.py'));
  symlinkSync(join(b, 'only-b.py'), join(a, 'into-b.py'));
  symlinkSync(join(base, 'missing'), join(a, 'dangling.py'));
  execFileSync('mkfifo', [join(a, 'fifo')]);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function read(name: string, roots = [a, b], limit?: number): Promise<number | string> {
  const r = await readSource(name, await realRoots(roots), limit);
  return r.status === 200 ? r.bytes.toString() : r.status;
}

describe('readSource', () => {
  it('finds a relative name under the first root that has it, an absolute one or a file:// URL as it is', async () => {
    expect(await read('x.py')).toBe('a/x\n');
    expect(await read('x.py', [b, a])).toBe('b/x\n');
    expect(await read('only-b.py')).toBe('b/only\n');
    expect(await read(join(b, 'x.py'))).toBe('b/x\n');
    expect(await read(pathToFileURL(join(b, 'x.py')).href)).toBe('b/x\n');
    expect(await read('dir/../x.py')).toBe('a/x\n'); // `..` that stays inside a root is a path like any
    expect(await read('into-b.py')).toBe('b/only\n'); // a symlink from one root into another
  });

  it('refuses a file outside every root: 403 when it exists, by path, URL or symlink', async () => {
    expect(await read(join(out, 'secret.py'))).toBe(403);
    expect(await read(`${a}/../out/secret.py`)).toBe(403);
    expect(await read(pathToFileURL(join(out, 'secret.py')).href)).toBe(403);
    expect(await read(`file://${a}/%2e%2e/out/secret.py`)).toBe(403);
    expect(await read('escape.py')).toBe(403);
    expect(await read('/etc/passwd')).toBe(403);
    expect(await read(join(out, 'secret.py'), [])).toBe(403);
  });

  it('answers 404 without asking about the world outside: `..` out of the roots, odd bytes, other schemes', async () => {
    for (const name of ['../out/secret.py', 'dir/../../out/secret.py', '..\\out\\secret.py', `x.py\0`, `${join(out, 'secret.py')}\0`,
      `file://${a}/..%2Fout%2Fsecret.py`, `file://${a}/x.py%00`, 'file://elsewhere/etc/passwd', 'node:fs', 'http://127.0.0.1/x.py', '']) {
      expect(await read(name), JSON.stringify(name)).toBe(404);
    }
  });

  it('answers 404 for what is not a regular file, without waiting on a FIFO, and 413 over the limit', async () => {
    expect(await read('dir')).toBe(404);
    expect(await read('dangling.py')).toBe(404);
    expect(await read('fifo')).toBe(404);
    expect(await read('nothing.py')).toBe(404);
    expect(await read('x.py', [a], 4)).toBe('a/x\n');
    expect(await read('x.py', [a], 3)).toBe(413);
  });

  it('leaves out roots that do not exist', async () => {
    expect(await realRoots([join(base, 'missing'), a])).toEqual([a]);
  });
});
