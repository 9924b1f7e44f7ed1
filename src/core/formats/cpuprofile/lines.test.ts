import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusFiles, readBytes } from '../../../../test/support/corpus';
import { functionLines } from '../../source/lines';
import { importCpuProfile, profileFromV8 } from './cpuprofile';

// Per-line costs of .cpuprofile files from V8's positionTicks (issue 17, item 2), against the raw
// file read here with JSON.parse: every (function, line) with ticks is a row, and a line's self is
// each node's self time (its samples' time deltas) shared among its lines by ticks.

interface RawNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; positionTicks?: { line: number; ticks: number }[] }
interface Raw { nodes: RawNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const files = [...corpusFiles('cpuprofile', '.cpuprofile'), join(CORPUS, 'chrome/Chrome-65-sucrase.cpuprofile')];

/** per "name url line column" key of a function: line -> self, brute force over the raw file */
function oracle(raw: Raw): Map<string, Map<number, number>> {
  const self = new Map<number, number>();
  let t = raw.startTime;
  const times = raw.timeDeltas.map((d) => (t += d));
  raw.samples.forEach((id, i) => {
    const end = i + 1 < raw.samples.length ? times[i + 1] : raw.endTime;
    if (end - times[i] > 0) self.set(id, (self.get(id) ?? 0) + end - times[i]);
  });
  const out = new Map<string, Map<number, number>>();
  for (const node of raw.nodes) {
    if (!node.positionTicks?.length) continue;
    const cf = node.callFrame;
    const key = `${cf.functionName || '(anonymous)'} ${cf.url} ${cf.lineNumber + 1} ${cf.columnNumber + 1}`;
    const all = node.positionTicks.reduce((s, p) => s + p.ticks, 0);
    const lines = out.get(key) ?? new Map<number, number>();
    out.set(key, lines);
    for (const p of node.positionTicks) lines.set(p.line, (lines.get(p.line) ?? 0) + ((self.get(node.id) ?? 0) * p.ticks) / all);
  }
  return out;
}

describe('cpuprofile per-line costs from positionTicks', () => {
  it.each(files.map((f) => [basename(f), f]))('%s: every line with ticks, its self shared by ticks', (_, path) => {
    const bytes = readBytes(path);
    const raw = JSON.parse(new TextDecoder().decode(bytes)) as Raw;
    const want = oracle(raw);
    expect(want.size).toBeGreaterThan(0);
    // the byte scanner and the JSON.parse path (profileFromV8) agree
    for (const profile of [importCpuProfile(bytes), profileFromV8(raw as never, 'cpuprofile', 'x')]) {
      const got = new Map<string, Map<number, number>>();
      profile.frames.forEach((f, i) => {
        const rows = functionLines(profile.lines, i);
        if (rows.length === 0) return;
        expect(rows.every((r) => r.file === f.file && r.total === r.self)).toBe(true);
        got.set(`${f.name} ${f.file} ${f.line} ${f.column}`, new Map(rows.map((r) => [r.line, r.self])));
      });
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [key, lines] of want) {
        const mine = got.get(key)!;
        expect([...mine.keys()].sort((a, b) => a - b), key).toEqual([...lines.keys()].sort((a, b) => a - b));
        for (const [line, self] of lines) expect(mine.get(line)!, `${key}:${line}`).toBeCloseTo(self, 6);
      }
    }
  });

  it('a function whose every node has ticks: its lines add up to its self time', () => {
    const profile = importCpuProfile(readBytes(join(CORPUS, 'chrome/Chrome-65-sucrase.cpuprofile')));
    const raw = JSON.parse(new TextDecoder().decode(readBytes(join(CORPUS, 'chrome/Chrome-65-sucrase.cpuprofile')))) as Raw;
    const withoutTicks = new Set(raw.nodes.filter((n) => !n.positionTicks?.length).map((n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url} ${n.callFrame.lineNumber + 1}`));
    let checked = 0;
    profile.frames.forEach((f, i) => {
      const rows = functionLines(profile.lines, i);
      if (rows.length === 0 || withoutTicks.has(`${f.name} ${f.file} ${f.line}`)) return;
      expect(rows.reduce((s, r) => s + r.self, 0)).toBeCloseTo(profile.functions.self[i], 6);
      checked++;
    });
    expect(checked).toBeGreaterThan(10);
  });

  it('leaves out an entry without a line or with no ticks, and says so', () => {
    const raw = JSON.parse(new TextDecoder().decode(readBytes(join(CORPUS, 'chrome/Chrome-65-sucrase.cpuprofile')))) as Raw;
    const at = raw.nodes.findIndex((n) => (n.positionTicks?.length ?? 0) >= 2);
    raw.nodes[at].positionTicks![0].line = 0;
    const bytes = new TextEncoder().encode(JSON.stringify(raw));
    for (const profile of [importCpuProfile(bytes), profileFromV8(raw as never, 'cpuprofile', 'x')]) {
      expect(profile.warnings).toEqual([`1 positionTicks entries without a line from 1 or a positive count of ticks: left out of the line costs (first at nodes[${at}].positionTicks)`]);
      const frame = profile.frames.findIndex((f) => f.name === (raw.nodes[at].callFrame.functionName || '(anonymous)') && f.file === raw.nodes[at].callFrame.url);
      expect(functionLines(profile.lines, frame).some((r) => r.line === 0)).toBe(false);
    }
  });
});
