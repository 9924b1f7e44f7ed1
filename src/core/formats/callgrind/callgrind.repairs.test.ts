import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../../../../test/support/corpus';
import type { Profile } from '../../model';
import { importCallgrind } from './callgrind';

// Figures callgrind never writes, which profburst read without a word (found by a hostile-file
// sweep). Each case is the corpus's default.callgrind (positions: line, one event: Ir) made
// hostile; what is expected is read from the hostile text here, or from callgrind_annotate.

const FILE = join(CORPUS, 'callgrind/default.callgrind');
const LINES = readFileSync(FILE, 'utf8').split('\n');
const ANNOTATED = JSON.parse(readFileSync(`${FILE}.annotate.json`, 'utf8')) as { total: number; self: Record<string, number>; inclusive: Record<string, number> };
const MAIN = '/tmp/demo-project/work.c:main';

const read = (lines: string[]): Profile => importCallgrind(new TextEncoder().encode(lines.join('\n')), { name: 'hostile.callgrind' });

/** a cost line of this file: a position (`14`, `+1`, `-15`, `*`), then the Ir cost */
const COST_LINE = /^([+-]?\d+|\*) (-?\d+)$/;

/** The sum of a file's self costs, read here line by line: every cost line but the one after `calls=`. */
function selfCostSum(lines: string[]): number {
  let sum = 0;
  lines.forEach((l, i) => {
    const m = COST_LINE.exec(l);
    if (m && !lines[i - 1].startsWith('calls=')) sum += Number(m[2]);
  });
  return sum;
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
