import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readBytes, readJson } from '../../../../test/support/corpus';
import { assertSaneProfile } from '../../../../test/support/saneProfile';
import type { Profile } from '../../model';
import { detectFormat } from '../../io/detect';
import { importProfiles } from '../../io/import';
import { importCollapsed } from './collapsed';
import { toCollapsed } from '../../export/collapsed';
import { refused } from '../../../../test/support/refused';

interface Oracle {
  total: number;
  self: Record<string, number>;
  inclusive: Record<string, number>;
}

/** per frame name, nonzero entries only (frames are named by the whole annotated text) */
function byName(p: Profile, values: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  p.frames.forEach((f, i) => {
    if (i > 0 && values[i] !== 0) out[f.name] = (out[f.name] ?? 0) + values[i];
  });
  return out;
}

function nonzero(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== 0));
}

function expectOracle(p: Profile, oracle: Oracle): void {
  assertSaneProfile(p);
  expect(p.total).toBe(oracle.total);
  expect(p.tree.total[0]).toBe(oracle.total);
  expect(byName(p, p.functions.self)).toEqual(nonzero(oracle.self));
  expect(byName(p, p.functions.total)).toEqual(nonzero(oracle.inclusive));
}

/**
 * The file's own sums, computed the plain way (as corpus-tools/collapse.py does): split lines,
 * the count after the last space, self to the leaf, total once per stack per name. Lines that do
 * not end in a count are skipped and counted.
 */
function naiveOracle(text: string): Oracle & { invalid: number } {
  const self: Record<string, number> = {};
  const inclusive: Record<string, number> = {};
  let total = 0;
  let invalid = 0;
  for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
    const line = raw.trimEnd();
    if (line === '') continue;
    const m = /^(.*\S)\s+(\d+)$/.exec(line);
    if (!m) { invalid++; continue; }
    const n = Number(m[2]);
    const names = m[1].split(';').filter((s) => s !== '');
    total += n;
    self[names[names.length - 1]] = (self[names[names.length - 1]] ?? 0) + n;
    for (const name of new Set(names)) inclusive[name] = (inclusive[name] ?? 0) + n;
  }
  return { total, self, inclusive, invalid };
}

const OTHERS = join(CORPUS, 'others/stackcollapse');

describe('collapsed stacks against the oracle', () => {
  it('corpus/collapsed/work.collapsed: self per leaf, total once per stack, the total', () => {
    const file = join(CORPUS, 'collapsed/work.collapsed');
    const [p] = importProfiles(readBytes(file), { name: 'work.collapsed' });
    expect(p.format).toBe('collapsed');
    expect(p.unit.name).toBe('samples');
    expect(p.warnings).toBeUndefined();
    expectOracle(p, readJson<Oracle>(`${file}.oracle.json`));
  });

  it.each(readdirSync(OTHERS).sort())('others/stackcollapse/%s opens by content, with the file\'s own sums', (file) => {
    const bytes = readBytes(join(OTHERS, file));
    expect(detectFormat(bytes)).toBe('collapsed');
    const [p] = importProfiles(bytes, { name: 'x' });
    const text = new TextDecoder(file.includes('utf16') ? 'utf-16le' : 'utf-8').decode(bytes);
    const oracle = naiveOracle(text);
    expectOracle(p, oracle);
    expect(p.total).toBeGreaterThan(0);
    if (oracle.invalid === 0) expect(p.warnings).toBeUndefined();
  });

  it('simple, CRLF and UTF-16 LE are the same profile: a;b;c 5, a;b;d 4, a;b 5', () => {
    for (const file of ['simple.txt', 'simple-crlf.txt', 'simple-utf16-le.txt']) {
      const p = importCollapsed(readBytes(join(OTHERS, file)));
      expect(p.total).toBe(14);
      expect(byName(p, p.functions.self)).toEqual({ c: 5, d: 4, b: 5 });
      expect(byName(p, p.functions.total)).toEqual({ a: 14, b: 14, c: 5, d: 4 });
    }
  });

  it('counts past 2^53 - 1: skipped with a warning that says so, not as lines that are no stacks', () => {
    // 2^53 + 1 is no double, and sums past 2^53 - 1 are inexact
    const text = 'main;big 9007199254740993\nmain;ok 5\nnot a stack\nmain;big 99999999999999999999\n';
    const p = importCollapsed(new TextEncoder().encode(text));
    expect(p.total).toBe(5);
    expect(p.warnings).toEqual([
      '1 line is not a stack (`frame;frame;leaf COUNT`) and was skipped, the first at line 3',
      '2 lines have counts above 2^53 - 1, past what a number holds exactly, and were skipped, the first at line 1',
    ]);
    expect(() => importCollapsed(new TextEncoder().encode('a;b 9007199254740993\n'))).toThrow(/collapsed: every stack has a count above 2\^53 - 1.*\(at line 1\)/);
    expect(importCollapsed(new TextEncoder().encode('a;b 9007199254740991\n')).total).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('lines that are not stacks: skipped, counted, the first named', () => {
    const p = importCollapsed(readBytes(join(OTHERS, 'simple-with-invalids.txt')));
    expect(p.total).toBe(14);
    expect(p.warnings).toEqual(['3 lines are not a stack (`frame;frame;leaf COUNT`) and were skipped, the first at line 1']);
  });

  it('UTF-16 BE with a BOM, and UTF-8 with a BOM', () => {
    const text = 'main;f\u00e9e;\u4e2d 3\nmain;g 2\n';
    const be = new Uint8Array(2 + text.length * 2);
    be[0] = 0xfe; be[1] = 0xff;
    for (let i = 0; i < text.length; i++) { be[2 + 2 * i] = text.charCodeAt(i) >> 8; be[3 + 2 * i] = text.charCodeAt(i) & 255; }
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    for (const bytes of [be, utf8]) {
      expect(detectFormat(bytes)).toBe('collapsed');
      const [p] = importProfiles(bytes);
      expect(byName(p, p.functions.self)).toEqual({ '\u4e2d': 3, g: 2 });
      expect(byName(p, p.functions.total)).toEqual({ main: 5, 'f\u00e9e': 3, '\u4e2d': 3, g: 2 });
    }
  });

  it('annotations and file:line stay part of the frame; frames may hold spaces; the count is the last field', () => {
    const text = [
      'java;start_thread;Interpreter_[j];read_[k] 4',
      'python;main (app.py:12);work (app.py:30) 6',
      'x;oopDesc* PSPromotionManager::copy<false>;hypercall_page [k] 2',
      'a;b 2 3', // "b 2" is the leaf
      'a;b\t7',
    ].join('\n');
    const p = importCollapsed(new TextEncoder().encode(text));
    expect(p.warnings).toBeUndefined();
    expect(byName(p, p.functions.self)).toEqual({ 'read_[k]': 4, 'work (app.py:30)': 6, 'hypercall_page [k]': 2, 'b 2': 3, b: 7 });
    expect(p.total).toBe(22);
  });

  it('prefix reuse: sorted, unsorted and shuffled lines give the same tree', () => {
    const lines = ['a;b;c 1', 'a;b;c;d 2', 'a;b 3', 'a;bb;c 4', 'a;b;cc 5', 'ab;c 6', 'a 7', 'a;b;c;d;e 8', 'a;;b 9'];
    const shapes = new Set<string>();
    for (const order of [lines, [...lines].reverse(), [...lines].sort(), [lines[3], lines[0], lines[8], lines[1], lines[5], lines[2], lines[7], lines[4], lines[6]]]) {
      const p = importCollapsed(new TextEncoder().encode(order.join('\n')));
      assertSaneProfile(p);
      const paths: string[] = [];
      const path: string[] = [];
      for (let i = 0; i < p.tree.size; i++) {
        let d = 0;
        for (let q = p.tree.parent[i]; q >= 0; q = p.tree.parent[q]) d++;
        path.length = d;
        path[d] = p.frames[p.tree.frame[i]].name;
        if (p.tree.self[i]) paths.push(`${path.join(';')} ${p.tree.self[i]}`);
      }
      shapes.add(paths.sort().join('\n'));
    }
    expect(shapes.size).toBe(1);
    expect([...shapes][0]).toContain('(root);a;b 12'); // `a;b 3` and `a;;b 9`
  });

  it('not collapsed stacks: other formats and plain text are not taken', () => {
    const enc = new TextEncoder();
    for (const text of ['fn=main\n16 200\n17 300\n', 'hello world\n', '{"a": 1}\n', 'work-c  1021  1961.368565:     250000 cpu-clock:ppp: \n\t  1ab70 _start+0x0 (/x)\n\n']) {
      expect(detectFormat(enc.encode(text))).not.toBe('collapsed');
    }
  });

  it('a file with no stack is an error naming the first line', () => {
    expect(() => importCollapsed(new TextEncoder().encode('\n\nnot a stack\n'))).toThrow(/collapsed: no line is a stack .* \(at line 3\)/);
  });
});

describe('stacks whose first frame starts with "["', () => {
  it('are collapsed stacks, not JSON: profburst\'s own output of a trace read back, and async-profiler\'s thread frames', () => {
    // convert --to collapsed of a trace with threads writes `[root thread 2] (root);...` lines
    const [trace] = importProfiles(readBytes(join(CORPUS, 'others/trace-event/multi-thread-with-samples.json')));
    const written = new TextEncoder().encode(toCollapsed(trace));
    expect(new TextDecoder().decode(written)).toMatch(/^\[/);
    expect(detectFormat(written)).toBe('collapsed');
    const [back] = importProfiles(written);
    expect(back.total).toBe(trace.total);
    const text = new TextEncoder().encode('[tid=12];main;work 5\n[tid=13];main;idle 2\n');
    expect(detectFormat(text)).toBe('collapsed');
    expect(importProfiles(text)[0].total).toBe(7);
    // JSON arrays stay JSON
    expect(detectFormat(new TextEncoder().encode('[{"ph": "X"}]'))).toBe('chrome-trace');
    expect(detectFormat(new TextEncoder().encode('[\n]'))).toBe('chrome-trace');
  });
});

// Found by a hostile-file sweep: the corpus's work.collapsed with every count negated was "not a
// profile profburst reads", and with some negated it said they were "not a stack".
describe('negative counts', () => {
  const lines = new TextDecoder().decode(readBytes(join(CORPUS, 'collapsed/work.collapsed'))).split('\n');
  const COUNT = / (-?\d+)$/;
  const negate = (picked: (i: number) => boolean) => lines.map((l, i) => (picked(i) && COUNT.test(l) ? l.replace(COUNT, ' -$1') : l));
  const enc = new TextEncoder();

  const refusedText = (text: string) => refused(enc.encode(text), 'negative.collapsed');

  it('every count negative: still collapsed stacks, refused as such, at the first line', () => {
    const text = negate(() => true).join('\n');
    expect(detectFormat(enc.encode(text))).toBe('collapsed');
    const e = refusedText(text);
    expect([e.format, e.problem]).toEqual(['collapsed', 'every stack has a negative count, and a count is a number of samples']);
    expect(e.where).toBe(`line ${text.split('\n').findIndex((l) => / -\d+$/.test(l)) + 1}`);
  });

  it('some counts negative: those lines skipped, counted and the first named, as lines that are no stacks are', () => {
    const hostile = negate((i) => i % 5 === 1);
    const counts = hostile.flatMap((l) => (COUNT.test(l) ? [Number(COUNT.exec(l)![1])] : []));
    const negatives = counts.filter((c) => c < 0).length;
    const first = hostile.findIndex((l) => / -\d+$/.test(l)) + 1;
    expect(negatives).toBeGreaterThan(1);
    const [p] = importProfiles(enc.encode(hostile.join('\n')), { name: 'negative.collapsed' });
    expect(p.total).toBe(counts.filter((c) => c > 0).reduce((a, b) => a + b, 0));
    expect(p.warnings).toEqual([`${negatives} lines have negative counts (a count is a number of samples) and were skipped, the first at line ${first}`]);
  });
});
