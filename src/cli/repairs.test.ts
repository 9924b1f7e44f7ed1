import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../../test/support/corpus';
import { runCli } from '../../test/support/runCli';

// Issue 18: every command that reads a repaired file says so on stderr, and stats --json carries
// the repairs beside the numbers. Found by a hostile-file sweep: convert and diff read a repaired
// file without a word, and stats --json had no "warnings".

interface RawProfile { samples: number[]; nodes: { id: number }[] }

const tmp = mkdtempSync(join(tmpdir(), 'profburst-repairs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// the corpus's small.cpuprofile with three samples naming a node id the file does not have
const raw = JSON.parse(readFileSync(join(CORPUS, 'cpuprofile/small.cpuprofile'), 'utf8')) as RawProfile;
const unknown = Math.max(...raw.nodes.map((n) => n.id)) + 1;
for (const i of [5, 6, 9]) raw.samples[i] = unknown;
const file = join(tmp, 'unknown-node.cpuprofile');
writeFileSync(file, JSON.stringify(raw));
const said = `profburst: warning: unknown-node.cpuprofile: repaired: 3 samples naming a node that does not exist: left out (first at samples[5], node ${unknown})`;

describe('repairs on every command', () => {
  it.each([
    ['stats', [file]],
    ['stats --json', ['--json', file]],
    ['convert', [file, '--to', 'collapsed']],
    ['diff', [join(CORPUS, 'cpuprofile/small.cpuprofile'), file]],
  ])('%s says what was repaired on stderr', (command, args) => {
    const r = runCli([command.split(' ')[0], ...args]);
    expect(r.code).toBe(0);
    expect(r.err.split('\n')).toContain(said);
  });

  it('stats --json carries the repairs', () => {
    const r = runCli(['stats', '--json', file]);
    expect((JSON.parse(r.out) as { warnings: string[] }).warnings).toEqual([said.replace('profburst: warning: unknown-node.cpuprofile: repaired: ', '')]);
  });

  it('an unrepaired file has no "warnings" and nothing on stderr', () => {
    const r = runCli(['stats', '--json', join(CORPUS, 'cpuprofile/small.cpuprofile')]);
    expect(JSON.parse(r.out)).not.toHaveProperty('warnings');
    expect(r.err).toBe('');
  });
});

// Found by a hostile-file sweep: a perf script file of several threads with one line of junk said
// its one repair once per thread's profile (3 times), a Chrome trace without its closing `]` once
// per thread (8 times for the corpus's multiprocess trace): each profile carries the file's repairs,
// and each was said under that profile's own name.
describe('a file of several threads says its own repairs once', () => {
  const repaired = (err: string) => err.split('\n').filter((l) => l.includes(': repaired: '));
  const threads = (err: string) => Number(/has (\d+) profiles/.exec(err)?.[1] ?? 1);

  it('perf script: a junk line between two samples, said once under the file\'s name', () => {
    const JUNK = 'junk that is no perf line';
    const lines = readFileSync(join(CORPUS, 'others/linux-perf/system-wide.linux-perf.txt'), 'utf8').split('\n');
    const at = lines.findIndex((l, i) => i > 0 && l === '') + 1; // the second sample's header
    lines.splice(at, 0, JUNK);
    const path = join(tmp, 'junk.perf.txt');
    writeFileSync(path, lines.join('\n'));
    const r = runCli(['stats', path]);
    expect(r.code).toBe(0);
    expect(threads(r.err)).toBeGreaterThan(2);
    const junk = lines.filter((l) => l === JUNK).length;
    expect(repaired(r.err)).toEqual([`profburst: warning: junk.perf.txt: repaired: ${junk} line is neither a sample header nor a frame and was skipped, the first at line ${at + 1}`]);
  });

  it('Chrome trace: no closing "]" is the file\'s, said once; a repair of one thread\'s samples stays that thread\'s', () => {
    const text = readFileSync(join(CORPUS, 'chrome/Chrome-70-worker.json'), 'utf8').trimEnd();
    const path = join(tmp, 'unclosed.json');
    writeFileSync(path, text.slice(0, text.lastIndexOf(']')));
    const r = runCli(['stats', path]);
    expect(r.code).toBe(0);
    expect(threads(r.err)).toBe(2);
    const said = repaired(r.err);
    expect(said.filter((l) => l.startsWith('profburst: warning: unclosed.json: repaired: the array of trace events has no closing "]"'))).toHaveLength(1);
    // the corpus trace's own out-of-order sample, in its main thread only
    expect(said.filter((l) => /^profburst: warning: unclosed\.json \(CrRendererMain\): repaired: \d+ negative time deltas/.test(l))).toHaveLength(1);
    expect(said).toHaveLength(2);
  });
});
