import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusFiles, readJson } from '../../../../test/support/corpus';
import { ProfileFormatError } from '../../errors';
import { timelineBoxes } from '../../timeline/boxes';
import { importProfiles } from '../../io/import';
import { importCpuProfile, profileFromV8 } from './cpuprofile';
import { refused } from '../../../../test/support/refused';

const BROKEN = join(__dirname, '../../../../test/fixtures/broken');
const bytes = (text: string) => new TextEncoder().encode(text);
const node = (id: number, name: string, children: number[] = []) =>
  ({ id, callFrame: { functionName: name, scriptId: '1', url: 'a.js', lineNumber: 0, columnNumber: 0 }, children });

describe('cpuprofile repairs say so', () => {
  it('counts each kind of repair of the broken regression file once, with its first place', () => {
    const p = importCpuProfile(new Uint8Array(readFileSync(join(BROKEN, 'cycle.cpuprofile'))));
    expect(p.warnings).toEqual([
      '1 child links to a node that already has a parent: the first parent kept (first at nodes[2])',
      '1 nodes that list themselves as a child: that link ignored (first at nodes[2])',
      '1 samples naming a node that does not exist: left out (first at samples[2], node 9)',
    ]);
    expect(p.total).toBe(20); // the two known samples: 10 µs each
  });

  it('counts many unknown samples in one line, and negative deltas', () => {
    const samples = [2, 7, 7, 7, 2];
    const p = importCpuProfile(bytes(JSON.stringify({
      nodes: [node(1, '(root)', [2]), node(2, 'a')], startTime: 0, endTime: 100, samples, timeDeltas: [0, 10, -5, 10, 10],
    })));
    expect(p.warnings).toEqual([
      '1 negative time deltas (samples out of time order): each sample weighs the time to the next in time order, as DevTools sorts them (first at timeDeltas[2])',
      '3 samples naming a node that does not exist: left out (first at samples[1], node 7)',
    ]);
  });

  it('cuts a parent cycle and says where', () => {
    // trace-style parent ids: 2 -> 3 -> 2
    const p = importCpuProfile(bytes(JSON.stringify({
      nodes: [node(1, '(root)', []), { ...node(2, 'a'), parent: 3 }, { ...node(3, 'b'), parent: 2 }],
      startTime: 0, endTime: 20, samples: [1, 3], timeDeltas: [0, 10],
    })));
    expect(p.warnings?.some((w) => /^1 parent cycles among the nodes: each cut at one node, which became a root \(first at nodes\[\d\], node id \d\)$/.test(w))).toBe(true);
  });

  it('refuses a file whose repairs leave no time at all', () => {
    const read = () => importCpuProfile(bytes(JSON.stringify({
      nodes: [node(1, '(root)')], startTime: 0, endTime: 30, samples: [5, 6], timeDeltas: [0, 10],
    })));
    expect(read).toThrow(ProfileFormatError);
    expect(read).toThrow(/nothing is left after repairing the file: 2 samples naming a node that does not exist/);
  });

  describe('sample times that are missing or not numbers (found by a hostile-file sweep: each changed the total without a word)', () => {
    // the corpus file and its oracle: DevTools' weights, the last sample lasting until endTime
    const file = join(CORPUS, 'cpuprofile/small.cpuprofile');
    const oracle = readJson<{ total: number }>(`${file}.oracle.json`);
    const raw = () => readJson<{ startTime: unknown; endTime: unknown; timeDeltas: unknown[] }>(file);
    const read = (p: object) => importCpuProfile(bytes(JSON.stringify(p)), { name: 'hostile.cpuprofile' });
    const { startTime, endTime, timeDeltas } = readJson<{ startTime: number; endTime: number; timeDeltas: number[] }>(file);
    const lastTime = timeDeltas.reduce((t, d) => t + d, startTime);

    it('a startTime that is not a number: the samples count from 0, the last one 0 µs (not the epoch up to endTime)', () => {
      const p = raw();
      p.startTime = 'yesterday';
      const q = read(p);
      expect(q.total).toBe(oracle.total - (endTime - lastTime));
      expect(q.warnings).toEqual(['1 startTime that is not a number: the samples count from 0 and the last one 0 µs (first at startTime)']);
    });

    it('no endTime, or one before the last sample: the last sample counts 0 µs, and says so', () => {
      const p = raw();
      delete (p as { endTime?: unknown }).endTime;
      const q = read(p);
      expect(q.total).toBe(oracle.total - (endTime - lastTime));
      expect(q.warnings).toEqual(['1 endTime that is not a number: the last sample counts 0 µs (first at endTime)']);
      p.endTime = startTime - 1000;
      const r = read(p);
      expect(r.total).toBe(oracle.total - (endTime - lastTime));
      expect(r.warnings).toEqual([`1 endTime before the last sample (${startTime - 1000} < ${lastTime}): the last sample counts 0 µs (first at endTime)`]);
    });

    it('a time delta that is null or a string counts 0 µs, and says so', () => {
      for (const bad of [null, '5']) {
        const p = raw();
        p.timeDeltas[10] = bad;
        const q = read(p);
        // sample 10 comes at sample 9's time: sample 9 weighs 0, and from there the times move
        // timeDeltas[10] earlier against the same endTime, which the last sample takes up
        expect(q.total).toBe(oracle.total);
        expect(q.functions.self.reduce((a, b) => a + b, 0)).toBe(oracle.total);
        expect(q.warnings).toEqual(['1 time deltas that are not numbers: taken as 0 µs (first at timeDeltas[10])']);
      }
    });
  });

  describe('nodes without a callFrame, and no samples (found by a hostile-file sweep: both were read without a word)', () => {
    const file = join(CORPUS, 'cpuprofile/small.cpuprofile');
    const oracle = readJson<{ total: number }>(`${file}.oracle.json`);
    interface Hostile { nodes: { callFrame?: unknown; hitCount?: number }[]; samples?: number[]; timeDeltas?: number[]; startTime: number; endTime: number }
    const raw = () => readJson<Hostile>(file);
    const text = (p: Hostile) => JSON.stringify(p);
    const scanPath = (p: Hostile) => importCpuProfile(bytes(text(p)), { name: 'hostile.cpuprofile' });
    // the JSON.parse path's reading of the nodes, which Chrome traces share
    const jsonPath = (p: Hostile) => profileFromV8({ ...p, samples: p.samples ?? [], samplesArray: p.samples !== undefined, timeDeltas: p.timeDeltas ?? [] }, 'cpuprofile', 'hostile.cpuprofile');
    const refusal = (p: Hostile) => refused(bytes(text(p)), 'hostile.cpuprofile');

    it('a node without a callFrame is named (anonymous) with a warning that counts them and names the first; no time is lost', () => {
      const p = raw();
      // every third node but the root loses its callFrame
      p.nodes.forEach((n, i) => { if (i > 0 && i % 3 === 0) delete n.callFrame; });
      const bare = p.nodes.map((n, i) => (n.callFrame === undefined ? i : -1)).filter((i) => i >= 0);
      for (const q of [scanPath(p), jsonPath(p)]) {
        expect(q.warnings).toEqual([`${bare.length} nodes without a "callFrame": named (anonymous), with no file or line (first at nodes[${bare[0]}])`]);
        expect(q.total).toBe(oracle.total);
        expect(q.frames.some((f) => f.name === '(anonymous)' && f.file === '')).toBe(true);
      }
    });

    it('an empty recording (samples and timeDeltas empty, every hitCount 0, as V8 writes one shorter than its interval) opens, empty', () => {
      const p = raw();
      p.samples = [];
      p.timeDeltas = [];
      for (const n of p.nodes) n.hitCount = 0;
      for (const q of [importProfiles(bytes(text(p)))[0], jsonPath(p)]) {
        expect(q.total).toBe(0);
        expect(q.warnings).toBeUndefined();
      }
    });

    it('no "samples" array and no hitCount: refused, nothing was recorded', () => {
      const p = raw();
      delete p.samples;
      delete p.timeDeltas;
      for (const n of p.nodes) delete n.hitCount;
      const e = refusal(p);
      expect(e.format).toBe('cpuprofile');
      expect(e.problem).toBe('the profile has no "samples" array and no node with a "hitCount" above 0: nothing was recorded');
      expect(e.where).toBe('samples');
      expect(() => jsonPath(p)).toThrow(e.message);
    });

    it.each([['no "samples" array', undefined], ['an empty "samples" array', [] as number[]]])('%s but hitCounts: each node weighs its hits, endTime - startTime spread over them as DevTools spreads it', (_what, samples) => {
      const p = raw();
      p.samples = samples;
      p.timeDeltas = samples;
      type Node = { id: number; hitCount?: number; callFrame: { functionName: string; url: string } };
      const nodes = p.nodes as Node[];
      const hits = nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
      expect(hits).toBeGreaterThan(0);
      const each = (p.endTime - p.startTime) / hits;
      // per function (name and url), the hits of its nodes
      const expected = new Map<string, number>();
      for (const n of nodes) {
        const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url}`;
        expected.set(key, (expected.get(key) ?? 0) + (n.hitCount ?? 0) * each);
      }
      for (const q of [importProfiles(bytes(text(p)), { name: 'hits.cpuprofile' })[0], jsonPath(p)]) {
        expect(q.total).toBeCloseTo(p.endTime - p.startTime, 3);
        expect(q.warnings).toBeUndefined();
        const got = new Map<string, number>();
        q.frames.forEach((f, i) => { if (f.name !== '(root)') got.set(`${f.name} ${f.file}`, (got.get(`${f.name} ${f.file}`) ?? 0) + q.functions.self[i]); });
        for (const [key, self] of expected) if (self > 0) expect(got.get(key)).toBeCloseTo(self, 6);
        expect(q.samples!.size).toBe(0);
      }
    });

    it('hitCounts without samples and an endTime not after startTime: refused, saying why', () => {
      const p = raw();
      delete p.samples;
      delete p.timeDeltas;
      p.endTime = p.startTime;
      const hit = p.nodes.filter((n) => (n.hitCount ?? 0) > 0).length;
      const e = refusal(p);
      expect(e.problem).toBe(`the profile holds no samples, only the "hitCount" of ${hit} nodes, and its startTime and endTime (${p.startTime}, ${p.endTime}) give them no duration to share`);
      expect(e.where).toBe('endTime');
    });
  });

  it('has no warnings on the real corpus files', () => {
    for (const file of corpusFiles('cpuprofile', '.cpuprofile')) {
      expect(importCpuProfile(new Uint8Array(readFileSync(file)), { name: file }).warnings).toBeUndefined();
    }
  });
});

interface RawNode { id: number; callFrame: { functionName: string }; children?: number[] }
interface RawProfile { nodes: RawNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

describe('cpuprofile samples for the timeline', () => {
  it('keeps every sample with the weight DevTools gives it, and boxes equal runs of the raw stacks', () => {
    for (const file of corpusFiles('cpuprofile', '.cpuprofile')) {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as RawProfile;
      // the raw stacks, read here without the importer: node -> parent, then each sample's path
      const parent = new Map<number, number>();
      for (const n of raw.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
      const name = new Map(raw.nodes.map((n) => [n.id, n.callFrame.functionName || '(anonymous)']));
      const times: number[] = [];
      let t = raw.startTime;
      raw.timeDeltas.forEach((d) => times.push((t += d)));
      const stacks: { path: number[]; start: number; end: number }[] = [];
      raw.samples.forEach((id, i) => {
        const end = i + 1 < times.length ? times[i + 1] : raw.endTime;
        if (!(end - times[i] > 0)) return;
        const path: number[] = [];
        for (let v: number | undefined = id; v !== undefined && parent.has(v); v = parent.get(v)) path.unshift(v);
        stacks.push({ path, start: times[i] - raw.startTime, end: end - raw.startTime });
      });

      const p = importCpuProfile(new Uint8Array(readFileSync(file)));
      expect(p.samples!.size).toBe(stacks.length);
      let sum = 0;
      for (let i = 0; i < p.samples!.size; i++) sum += p.samples!.weight[i];
      expect(sum).toBe(p.total);

      // the definition: at each depth, maximal runs of adjacent samples sharing the path to it
      const expected: string[] = [];
      const depth = Math.max(...stacks.map((s) => s.path.length));
      for (let d = 0; d < depth; d++) {
        let from = -1;
        for (let i = 0; i <= stacks.length; i++) {
          const same = i > 0 && i < stacks.length && from >= 0 && stacks[i].path.length > d
            && stacks[i].start <= stacks[i - 1].end && stacks[i].path[d] === stacks[from].path[d];
          if (!same && from >= 0) {
            expected.push(`${d} ${name.get(stacks[from].path[d])} ${stacks[from].start} ${stacks[i - 1].end}`);
            from = -1;
          }
          if (i < stacks.length && from < 0 && stacks[i].path.length > d) from = i;
        }
      }
      const boxes = timelineBoxes(p.tree, p.samples!);
      const got: string[] = [];
      for (let b = 0; b < boxes.size; b++) {
        got.push(`${boxes.depth[b]} ${p.frames[p.tree.frame[boxes.node[b]]].name} ${boxes.start[b]} ${boxes.end[b]}`);
      }
      expect(got.sort()).toEqual(expected.sort());
    }
  });
});
