import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, readBytes } from '../../../test/support/corpus';
import { importPstats } from '../../core/formats/pstats';
import { colorKeyOf } from '../../core/stats/packages';
import { packageTimesOf } from '../../state/derived';
import { frameColor, functionColor, packageColor } from './colors';
import { PALETTE } from './palette';

describe('chart colours', () => {
  const p = importPstats(readBytes(join(CORPUS, 'seed/report.prof')));
  const frame = (name: string) => p.frames.findIndex((f) => f.name === name && f.file.endsWith('app.py'));

  it('gives the legend\'s packages distinct palette colours, in its order', () => {
    const keys = packageTimesOf(p).map((x) => x.key).slice(0, PALETTE.length);
    const colours = keys.map((k) => packageColor(p, k));
    expect(new Set(colours).size).toBe(keys.length);
    expect(colours[0]).toBe(PALETTE[0]);
    // the chart's nodes use the same colour as the legend's swatch
    const fib = frame('fib');
    expect(frameColor(p, fib)).toBe(packageColor(p, colorKeyOf(p.frames[fib])));
  });

  it('tells report, <listcomp> and fib apart by function, in their package\'s colour family', () => {
    const names = ['report', 'fib', 'is_even', 'is_odd'];
    expect(new Set(names.map((n) => frameColor(p, frame(n)))).size).toBe(1);
    expect(new Set(names.map((n) => functionColor(p, frame(n)))).size).toBeGreaterThanOrEqual(3);
  });
});
