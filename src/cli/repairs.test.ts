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
