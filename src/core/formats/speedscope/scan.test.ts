import { basename } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusFiles, readBytes } from '../../../../test/support/corpus';
import { check, jsonEdit, jsonPaths, applyJsonEdits } from '../../../../test/support/fuzz';
import type { Profile } from '../../model';
import { scanSpeedscope } from './scan';
import { speedscopeFromJson } from './speedscope';

// The byte scanner must give exactly what JSON.parse and the object walk give, and leave to that
// path (by returning null) every file it does not read itself, errors included.

const enc = new TextEncoder();
const SCHEMA = 'https://www.speedscope.app/file-format-schema.json';

/** The JSON.parse path's profiles, or its error's message. */
function parsed(bytes: Uint8Array): Profile[] | string {
  try {
    return speedscopeFromJson(bytes, { name: 'x' });
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** scanned and parsed agree: the same profiles, or the scanner declines (always when parsing fails) */
function agree(bytes: Uint8Array, mustScan: boolean): void {
  const scanned = scanSpeedscope(bytes, 'x');
  const reference = parsed(bytes);
  if (typeof reference === 'string') {
    expect(scanned, `the scanner read a file the JSON.parse path refuses: ${reference}`).toBeNull();
    return;
  }
  if (mustScan) expect(scanned, 'the scanner declined a plain file').not.toBeNull();
  if (scanned) expect(scanned).toEqual(reference);
}

/** JSON text of `v` with object keys shuffled, numbers written in several ways and whitespace here and there. */
function written(v: unknown, r: () => number): string {
  const space = () => [' ', '', '\n  ', '\t', ''][Math.floor(r() * 5)];
  if (typeof v === 'number') {
    const forms = [String(v)];
    if (Number.isInteger(v) && v !== 0 && Math.abs(v) < 1e15) forms.push(v.toExponential().replace('e+', 'E'), `${v}.0`);
    if (!Number.isInteger(v)) forms.push(v.toExponential(), v.toPrecision(17));
    return forms[Math.floor(r() * forms.length)];
  }
  if (Array.isArray(v)) return `[${v.map((x) => space() + written(x, r) + space()).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [entries[i], entries[j]] = [entries[j], entries[i]];
    }
    return `{${entries.map(([k, x]) => `${space()}${JSON.stringify(k)}${space()}:${space()}${written(x, r)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const NAMES = ['a', 'b', '__proto__', 'constructor', 'caf\u00e9', '\ud83d\ude00', 'q"uote', 'back\\slash', 'tab\there', '\u2028', 'a\u0000b', ''];

/** A random valid file: shared frames, sampled and evented profiles with nested events. */
const docs = fc.record({
  seed: fc.integer(),
  frames: fc.array(fc.record({
    name: fc.constantFrom(...NAMES),
    file: fc.option(fc.constantFrom('m.py', '/x/\u00e9.rb', 'c:\\\\w.js'), { nil: undefined }),
    line: fc.option(fc.integer({ min: -1, max: 5000 }), { nil: undefined }),
    col: fc.option(fc.integer({ min: 0, max: 80 }), { nil: undefined }),
  }), { minLength: 1, maxLength: 10 }),
  profiles: fc.array(fc.oneof(
    fc.record({
      type: fc.constant('sampled'),
      name: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
      unit: fc.constantFrom('none', 'milliseconds', 'bytes', undefined),
      stacks: fc.array(fc.array(fc.nat(), { maxLength: 12 }), { maxLength: 40 }),
      weights: fc.array(fc.oneof(fc.nat(1000), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: 40, maxLength: 40 }),
    }),
    fc.record({
      type: fc.constant('evented'),
      name: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
      unit: fc.constantFrom('seconds', 'nanoseconds', undefined),
      startValue: fc.option(fc.double({ min: -10, max: 10, noNaN: true }), { nil: undefined }),
      endValue: fc.option(fc.double({ min: 0, max: 1e4, noNaN: true }), { nil: undefined }),
      // open (frame), close (frame), or close of the innermost; times mostly rising
      steps: fc.array(fc.tuple(fc.constantFrom('O', 'C', 'pop'), fc.nat(), fc.double({ min: -1, max: 10, noNaN: true })), { maxLength: 60 }),
    }),
  ), { minLength: 1, maxLength: 3 }),
  active: fc.option(fc.integer({ min: -1, max: 3 }), { nil: undefined }),
});

type Doc = typeof docs extends fc.Arbitrary<infer T> ? T : never;

function docOf(d: Doc): unknown {
  const n = d.frames.length;
  const profiles = d.profiles.map((p) => {
    if (p.type === 'sampled') {
      const samples = p.stacks.map((s) => s.map((f) => f % n));
      return { type: p.type, name: p.name, unit: p.unit, samples, weights: p.weights.slice(0, samples.length) };
    }
    const open: number[] = [];
    let at = 0;
    const events = p.steps.map(([kind, f, dt]) => {
      at += dt;
      if (kind === 'O' || open.length === 0) {
        open.push(f % n);
        return { type: 'O', frame: f % n, at };
      }
      return { type: 'C', frame: kind === 'pop' ? open.pop()! : f % n, at };
    });
    return { type: p.type, name: p.name, unit: p.unit, startValue: p.startValue, endValue: p.endValue, events };
  });
  return { $schema: SCHEMA, shared: { frames: d.frames }, profiles, activeProfileIndex: d.active };
}

describe('speedscope scanner', () => {
  it.each(corpusFiles('others/speedscope', '.json').map((f) => [basename(f), f]))('%s: scanned as parsed', (_n, file) => {
    agree(readBytes(file), true);
  });

  it('property: random files, keys in any order (profiles before shared too), numbers in any form', () => {
    check(fc.property(docs, (d) => {
      let s = d.seed >>> 0;
      const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      agree(enc.encode(written(docOf(d), r)), true);
    }), 300);
  });

  it('property: structure edits (wrong kinds, missing keys, out of range) are read alike or left to JSON.parse', () => {
    check(fc.property(docs, fc.array(jsonEdit(64), { minLength: 1, maxLength: 4 }), (d, edits) => {
      const doc = docOf(d);
      const paths = jsonPaths(doc);
      agree(enc.encode(JSON.stringify(applyJsonEdits(doc, paths, edits.map((e) => ({ ...e, path: e.path % paths.length, from: e.from % paths.length }))))), false);
    }), 300);
  });

  it('fractions are the doubles Number() gives', () => {
    // the scanner's own fraction reading (digits / 10^k) against Number, the reference
    const texts = ['0.1', '0.3', '2.675', '1.005', '123456.789012345', '0.000000000000001', '9.99999999999999', '0.0', '0.1234567890123456789', '1.5e-3', '7.25E2', '4503599627370.4967'];
    const bytes = enc.encode(`{"shared":{"frames":[{"name":"a"}]},"profiles":[{"type":"sampled","samples":[${texts.map(() => '[0]').join(',')}],"weights":[${texts.join(',')}]}]}`);
    const [p] = scanSpeedscope(bytes, 'x')!;
    expect([...p.samples!.weight]).toEqual(texts.map(Number));
    check(fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 1, max: 7 }), (whole, frac, k) => {
      const text = `${whole}.${String(frac).padStart(7, '0').slice(0, k)}`;
      const one = enc.encode(`{"shared":{"frames":[{"name":"a"}]},"profiles":[{"type":"sampled","samples":[[0]],"weights":[${text}]}]}`);
      expect(scanSpeedscope(one, 'x')![0].samples!.weight[0]).toBe(Number(text));
    }), 2000);
  });
});
