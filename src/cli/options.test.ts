import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CORPUS } from '../../test/support/corpus';
import { CONVERT } from './convert';
import { DIFF } from './diff';
import { main } from './main';
import { helpText, parseOptions } from './options';
import { SERVE, serveCommand } from './serve';
import { STATS } from './stats';

const FILE = join(CORPUS, 'seed/report.prof');
const TRANSFORMS = ['--focus', '--focus-path', '--merge', '--drop', '--collapse-recursion', '--collapse-direct-recursion', '--collapse-lib', '--only-my-code', '--hide'];
// the options each command is documented to take (README, "Command line"), written out here
// rather than read from the tables, so that a table losing one fails
const DOCUMENTED: [string, string[]][] = [
  ['serve', ['--port', '--host', '--no-open', '--watch', '--source-root', '--help']],
  ['stats', ['--json', '--sort', '--limit', '--event', '--callers', '--callees', ...TRANSFORMS, '--help']],
  ['diff', ['--base', '--new', '--json', '--sort', '--limit', '--normalize', '--fail-above', '--event', '--help']],
  ['convert', ['--to', '--output', '--event', '--profile', ...TRANSFORMS, '--help']],
];
const TABLES = new Map<string, Record<string, unknown>>([['serve', SERVE.options], ['stats', STATS.options], ['diff', DIFF.options], ['convert', CONVERT.options]]);

const tmp = mkdtempSync(join(tmpdir(), 'profburst-options-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** a command run in-process: exit code, stdout and stderr */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = await main(argv);
    return { code, out: log.mock.calls.map((c) => String(c[0])).join('\n'), err: error.mock.calls.map((c) => String(c[0])).join('\n') };
  } finally {
    vi.restoreAllMocks();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('serve --port', () => {
  const dist = join(tmp, 'dist');
  mkdirSync(dist);
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>profburst</title>');

  for (const form of ['--port=N', '--port N']) {
    it(`${form} listens on that port`, async () => {
      const port = await freePort();
      const args = form === '--port=N' ? [`--port=${port}`] : ['--port', String(port)];
      const before = new Set(process.listeners('SIGINT'));
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      const serving = serveCommand([FILE, ...args, '--no-open'], dist);
      await vi.waitFor(() => expect(log).toHaveBeenCalled(), { timeout: 10_000 });
      expect(String(log.mock.calls[0][0])).toMatch(new RegExp(`^profburst: serving on http://127\\.0\\.0\\.1:${port}/ `));
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>profburst</title>');
      // Ctrl-C: call the listener serve added (emitting SIGINT would reach the test runner's too)
      const stop = process.listeners('SIGINT').filter((l) => !before.has(l));
      expect(stop).toHaveLength(1);
      stop[0]('SIGINT');
      await expect(serving).resolves.toBe(0);
    });
  }

  it('refuses a port out of range or not a number, either form, with exit code 2', async () => {
    for (const args of [['--port=70000'], ['--port', 'x'], ['--port=-1']]) {
      const r = await run(['serve', FILE, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.split('\n')[0]).toBe('profburst: --port needs a number from 0 to 65535');
    }
  });
});

describe('serve --source-root', () => {
  const dist = join(tmp, 'dist-sources');
  const [one, two] = [join(tmp, 'root-one'), join(tmp, 'root-two')];
  const profile = join(tmp, 'sources.callgrind');
  mkdirSync(dist);
  writeFileSync(join(dist, 'index.html'), '<!doctype html>');
  mkdirSync(one);
  mkdirSync(join(two, 'lib'), { recursive: true });
  writeFileSync(join(two, 'lib/mod.c'), 'int mod;\n');
  writeFileSync(profile, '# callgrind format\nevents: Ir\nfl=lib/mod.c\nfn=mod\n1 5\n');

  it('is repeatable: a name the profile gives is looked for under each root given', async () => {
    const port = await freePort();
    const before = new Set(process.listeners('SIGINT'));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const serving = serveCommand([profile, `--source-root=${two}`, '--source-root', one, '--port', String(port), '--no-open'], dist);
    await vi.waitFor(() => expect(log).toHaveBeenCalled(), { timeout: 10_000 });
    const query = `profile=${encodeURIComponent('/profiles/0/sources.callgrind')}&file=lib%2Fmod.c`;
    const r = await fetch(`http://127.0.0.1:${port}/__profburst/source?${query}`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('int mod;\n');
    process.listeners('SIGINT').filter((l) => !before.has(l))[0]('SIGINT');
    await expect(serving).resolves.toBe(0);
  });

  it('refuses a root that is not a folder, with exit code 1', async () => {
    const r = await run(['serve', profile, '--source-root', one, '--source-root', join(tmp, 'no-such-root')]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`profburst: --source-root ${join(tmp, 'no-such-root')} is not a folder`);
  });
});

describe('usage errors: the option named, the command\'s usage, exit code 2', () => {
  it.each([
    ['stats', ['stats', FILE, '--frobnicate'], '--frobnicate'],
    ['stats, with =', ['stats', FILE, '--frobnicate=3'], '--frobnicate'],
    ['stats, a short one', ['stats', FILE, '-x'], '-x'],
    ['convert', ['convert', FILE, '--to', 'json', '--frobnicate'], '--frobnicate'],
    ['diff', ['diff', FILE, FILE, '--frobnicate'], '--frobnicate'],
    ['serve', ['serve', FILE, '--frobnicate'], '--frobnicate'],
    ['serve, without its name', ['--frobnicate', FILE], '--frobnicate'],
  ])('an unknown option: %s', async (_what, argv, option) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    const [first, usage] = r.err.split('\n');
    expect(first).toBe(`profburst: unknown option ${option}`);
    const command = argv[0] === 'stats' || argv[0] === 'convert' || argv[0] === 'diff' ? argv[0] : '[serve]';
    expect(usage).toMatch(new RegExp(`^usage: profburst ${command.replace(/[[\]]/g, '\\$&')} `));
    expect(r.out).toBe(''); // nothing on stdout, which may be a pipe
  });

  it.each([
    [['stats', FILE, '--sort'], 'profburst: --sort needs KEY'],
    [['stats', FILE, '--callers'], 'profburst: --callers needs NAME'],
    [['stats', FILE, '--focus'], 'profburst: --focus needs NAME'],
    [['convert', FILE, '--to', 'json', '-o'], 'profburst: -o needs OUT'],
    [['convert', FILE, '--to'], 'profburst: --to needs FORMAT'],
    [['diff', FILE, FILE, '--fail-above'], 'profburst: --fail-above needs PCT'],
    [['serve', FILE, '--port'], 'profburst: --port needs N'],
  ])('a missing value: %j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(message);
  });

  it('an option where a value should be is a missing value, not the value', async () => {
    const r = await run(['serve', FILE, '--port', '--watch']);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toMatch(/^profburst: --port needs N /);
  });

  it('a value given to a switch', async () => {
    const r = await run(['stats', FILE, '--json=yes']);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe('profburst: --json takes no value');
  });
});

describe('--name=value and --name value', () => {
  it('give the same output, for a command\'s own options and for transforms', async () => {
    const spaced = await run(['stats', FILE, '--json', '--sort', 'tottime', '--limit', '3', '--merge', 'is_odd', '--focus', 'app.py:33\\(render']);
    const joined = await run(['stats', FILE, '--json', '--sort=tottime', '--limit=3', '--merge=is_odd', '--focus=app.py:33\\(render']);
    expect(spaced.code).toBe(0);
    expect(joined).toEqual(spaced);
    const json = JSON.parse(spaced.out) as { functions: { self: number }[] };
    expect(json.functions).toHaveLength(3);
    expect(json.functions[0].self).toBeGreaterThanOrEqual(json.functions[1].self); // by tottime
    expect(spaced.err).not.toMatch(/skipped/); // both transforms found their function
  });

  it('keep the transforms in argv order whichever form each takes', async () => {
    // drop then focus: the focus finds nothing left to focus on; focus then drop: the focus leaves out
    // the rest, and is_even is the new root, which the drop does not take
    const a = await run(['stats', FILE, '--json', '--drop=is_even', '--focus', 'is_even']);
    const b = await run(['stats', FILE, '--json', '--drop', 'is_even', '--focus=is_even']);
    const c = await run(['stats', FILE, '--json', '--focus=is_even', '--drop', 'is_even']);
    expect(b).toEqual(a);
    expect(a.err).toMatch(/--focus is_even: skipped: no function matches/);
    expect(c.err.split('\n')[0]).toMatch(/^profburst: --focus is_even: left out /);
    expect(c.out).not.toBe(a.out);
  });
});

describe('--help', () => {
  it.each(DOCUMENTED)('%s --help lists every option of its table, and the documented ones', async (command, documented) => {
    const r = await run([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const listed = new Set([...r.out.matchAll(/^ {2}(?:-\w, )?\s*(--[\w-]+)/gm)].map((m) => m[1]));
    expect([...listed].sort()).toEqual(Object.keys(TABLES.get(command)!).map((k) => `--${k}`).sort());
    for (const o of documented) expect(listed, o).toContain(o);
    expect((await run([command, '-h'])).out).toBe(r.out);
  });

  it('profburst --help lists every command with its options', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('profburst [serve] DIR');
    for (const [command, documented] of DOCUMENTED) {
      const section = r.out.split('\n\n').find((s) => s.startsWith(`usage: profburst ${command === 'serve' ? '[serve]' : command} `));
      expect(section, command).toBeDefined();
      for (const o of documented) expect(section, `${command} ${o}`).toContain(o);
    }
  });
});

describe('a repeatable option', () => {
  const TABLE = {
    root: { type: 'string', value: 'DIR', multiple: true, default: '.', help: 'a root' },
    tag: { type: 'string', value: 'T', multiple: true, help: 'a tag' },
    port: { type: 'string', value: 'N', help: 'a port' },
  } as const;

  it('collects every value in argv order, either form; its default stands only when it is not given', () => {
    const given = parseOptions(TABLE, ['--root', 'a', 'x', '--root=b', '--port', '1', '--port', '2', '--root', 'c']);
    if (typeof given === 'string') throw new Error(given);
    expect(given.values.root).toEqual(['a', 'b', 'c']);
    expect(given.values.tag).toEqual([]);
    expect(given.values.port).toBe('2'); // not repeatable: the last one, as before
    expect(given.positionals).toEqual(['x']);
    const none = parseOptions(TABLE, ['x']);
    if (typeof none === 'string') throw new Error(none);
    expect(none.values.root).toEqual(['.']);
    expect(parseOptions(TABLE, ['--root'])).toBe('--root needs DIR');
  });

  it('says so in the help', () => {
    const help = helpText({ synopsis: ['x'], notes: [], options: TABLE });
    expect(help).toMatch(/--root DIR +a root \(repeatable\) \(default \.\)$/m);
    expect(help).toMatch(/--port N +a port$/m);
  });
});
