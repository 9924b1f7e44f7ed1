import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../../../../test/support/corpus';
import type { Profile } from '../../model';
import { importCallgrind } from './callgrind';

// Figures callgrind never writes, which profburst read without a word (found by a hostile-file
// sweep). Each case is the corpus's default.callgrind (positions: line, one event: Ir) made
// hostile; what is expected is read from the hostile text here, or from callgrind_annotate.

const FILE = join(CORPUS, 'callgrind/default.callgrind');
const LINES = readFileSync(FILE, 'utf8').split('\n');
const ANNOTATED = JSON.parse(readFileSync(`${FILE}.annotate.json`, 'utf8')) as { total: number; self_by_function: Record<string, number>; inclusive: Record<string, number> };
const MAIN = '/tmp/demo-project/work.c:main';

const read = (lines: string[]): Profile => importCallgrind(new TextEncoder().encode(lines.join('\n')), { name: 'hostile.callgrind' });

/** a cost line of this file: a position (`14`, `+1`, `-15`, `*`), then the Ir cost */
const COST_LINE = /^([+-]?\d+|\*) (-?\d+)$/;

/** The indexes of the self cost lines (not the inclusive cost after a `calls=`) of `main`'s first block. */
function mainSelfLines(lines: string[]): number[] {
  const start = lines.findIndex((l) => l.endsWith(' main') && l.startsWith('fn='));
  const out: number[] = [];
  for (let i = start + 1; i < lines.length && !lines[i].startsWith('fn='); i++) {
    if (COST_LINE.test(lines[i]) && !lines[i - 1].startsWith('calls=')) out.push(i);
  }
  return out;
}

/** The sum of a file's self costs, read here line by line: every cost line but the one after `calls=`. */
function selfCostSum(lines: string[]): number {
  let sum = 0;
  lines.forEach((l, i) => {
    const m = COST_LINE.exec(l);
    if (m && !lines[i - 1].startsWith('calls=')) sum += Number(m[2]);
  });
  return sum;
}

const hasAnnotate = spawnSync('callgrind_annotate', ['--version']).error === undefined;
const tmp = mkdtempSync(join(tmpdir(), 'profburst-cg-repairs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** callgrind_annotate's self cost rows of a text, negative ones included */
function annotate(lines: string[]): Map<string, number> {
  const path = join(tmp, 'hostile.callgrind');
  writeFileSync(path, lines.join('\n'));
  const out = spawnSync('callgrind_annotate', ['--inclusive=no', '--threshold=100', '--auto=no', path], { encoding: 'utf8' });
  const rows = new Map<string, number>();
  for (const line of out.stdout.split('\n')) {
    const r = /^\s*(-?[\d,]+)\s+\(\s*-?[\d.]+%\)\s+(\S.*?)(?: \[[^\]]*\])?$/.exec(line);
    if (r) rows.set(r[2], (rows.get(r[2]) ?? 0) + Number(r[1].replace(/,/g, '')));
  }
  return rows;
}

describe('callgrind: a summary: or totals: below what one function costs', () => {
  const summaryAt = LINES.findIndex((l) => l.startsWith('summary:'));
  const totalsAt = LINES.findIndex((l) => l.startsWith('totals:'));
  const mainInclusive = ANNOTATED.inclusive[MAIN];

  it('the corpus file\'s own summary is its costs\' sum: nothing said', () => {
    expect(selfCostSum(LINES)).toBe(ANNOTATED.total);
    expect(read(LINES).warnings).toBeUndefined();
  });

  it('summary: 1000 under costs of millions: the costs\' sum is the total, and the warning gives the figures', () => {
    const lines = LINES.map((l, i) => (i === summaryAt ? 'summary: 1000' : l));
    const costs = selfCostSum(lines);
    const p = read(lines);
    expect(p.total).toBe(costs);
    expect(p.tree.total[0]).toBe(costs);
    expect(p.warnings).toHaveLength(1);
    expect(p.warnings![0]).toMatch(new RegExp(`^1 summary: line below what one function costs: it says 1000, .* costs \\d+, the costs add up to ${costs}: that sum taken as the total \\(first at line ${summaryAt + 1}\\)$`));
  });

  it('a function whose own cost lines say more than the summary (cmp: 20 000 000, the summary 11 516 951): the same, and cmp is named', () => {
    const at = LINES.findIndex((l) => l === 'fn=(604) cmp') + 1;
    const lines = LINES.map((l, i) => (i === at ? l.replace(/ \d+$/, ' 20000000') : l));
    const costs = selfCostSum(lines);
    const p = read(lines);
    expect(p.total).toBe(costs);
    expect(p.warnings).toEqual([`1 summary: line below what one function costs: it says ${ANNOTATED.total}, cmp costs 20000000, the costs add up to ${costs}: that sum taken as the total (first at line ${summaryAt + 1})`]);
  });

  it('without summary:, a totals: just below what main costs with its calls: the same, said of totals:', () => {
    const said = mainInclusive - 1;
    const lines = LINES.map((l, i) => (i === totalsAt ? `totals: ${said}` : l)).filter((_, i) => i !== summaryAt);
    const p = read(lines);
    expect(p.total).toBe(selfCostSum(lines));
    expect(p.warnings![0]).toMatch(new RegExp(`^1 totals: line below what one function costs: it says ${said}, `));
    expect(p.warnings![0]).toMatch(new RegExp(`\\(first at line ${totalsAt}\\)$`)); // the summary: line before it is gone
  });

  it('pyprof2calltree\'s summary, its top call\'s time, is below the costs\' sum (the profiler\'s own disable is left out): it stays the total, as in callgrind_annotate, and nothing is said', () => {
    const lines = readFileSync(join(CORPUS, 'seed/report.prof.log'), 'utf8').split('\n');
    const said = Number(/^summary: (\d+)$/m.exec(lines.join('\n'))![1]);
    expect(said).toBeLessThan(selfCostSum(lines));
    const p = read(lines);
    expect(p.total).toBe(said);
    expect(p.warnings).toBeUndefined();
  });
});

describe('callgrind: negative costs', () => {
  const negated = mainSelfLines(LINES);
  const lines = LINES.map((l, i) => (negated.includes(i) ? l.replace(/ (\d+)$/, ' -$1') : l));
  const costOf = (l: string) => Number(COST_LINE.exec(l)![2]);
  const count = negated.filter((i) => costOf(lines[i]) < 0).length;
  const lowered = negated.reduce((sum, i) => sum - 2 * costOf(lines[i]), 0);
  const p = read(lines);

  it('are kept as written, and the warning counts them and names the first line', () => {
    expect(count).toBeGreaterThan(1);
    const main = p.frames.findIndex((f) => f.name === 'main');
    expect(p.functions.self[main]).toBe(ANNOTATED.self_by_function.main - lowered);
    expect(p.total).toBe(ANNOTATED.total); // the summary:, above every function still
    expect(p.warnings).toEqual([`${count} negative costs (callgrind's costs are unsigned): kept as written, lowering their function's cost, as callgrind_annotate adds them (first at line ${negated[0] + 1})`]);
  });

  it.skipIf(!hasAnnotate)('main\'s self cost is callgrind_annotate\'s (its rows summed: work.c, and stdlib.h for inlined code)', () => {
    const main = p.frames.findIndex((f) => f.name === 'main');
    const rows = [...annotate(lines)].filter(([row]) => row.endsWith(':main'));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.reduce((sum, [, v]) => sum + v, 0)).toBe(p.functions.self[main]);
  });
});

describe('callgrind: costs past 2^53 - 1', () => {
  // main's first self cost lines: 2^53 - 1 (16 digits, still exact), then two past it
  const [exact, over, far] = mainSelfLines(LINES).slice(0, 3);
  const big = new Map([[exact, '9007199254740991'], [over, '9007199254740993'], [far, '90071992547409930']]);
  const lines = LINES.map((l, i) => (big.has(i) ? l.replace(/ \d+$/, ` ${big.get(i)}`) : l));
  const isInexact = (l: string) => COST_LINE.test(l) && BigInt(COST_LINE.exec(l)![2]) > BigInt(Number.MAX_SAFE_INTEGER);
  const inexact = lines.filter(isInexact);

  it('are read rounded, and said once, with their count and the first line', () => {
    expect(inexact).toHaveLength(2);
    const p = read(lines);
    expect(p.warnings).toContain(`${inexact.length} costs above 2^53 - 1, past what a number holds exactly: read rounded, and the sums they enter are rounded too (first at line ${lines.findIndex(isInexact) + 1})`);
    // and the summary:, now below what main costs, gives way to the costs' sum
    expect(p.warnings).toHaveLength(2);
    const costs = selfCostSum(lines); // rounded too, in another order
    expect(Math.abs(p.total - costs) / costs).toBeLessThan(1e-12);
  });

  it('2^53 - 1 itself is exact: nothing said', () => {
    const p = read(LINES.map((l, i) => (i === exact ? l.replace(/ \d+$/, ' 9007199254740991') : l)));
    expect((p.warnings ?? []).some((w) => w.includes('2^53'))).toBe(false);
  });
});
