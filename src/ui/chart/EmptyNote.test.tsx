// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { importCallgrind } from '../../core/formats/callgrind';
import { EmptyNote } from './EmptyNote';

// jsdom's import.meta.url is not a file URL: the corpus beside the repository, from where tests run
const CORPUS = join(process.cwd(), '../shared/corpus');

// The chart's word when it has nothing to draw, on a real callgrind file made hostile: every
// self cost negative and no summary:, so the total is the (negative) sum of the costs.
describe('EmptyNote', () => {
  it('a profile whose costs add up below zero says so, with its total', () => {
    const lines = readFileSync(join(CORPUS, 'callgrind/default.callgrind'), 'utf8').split('\n');
    const costLine = /^([+-]?\d+|\*) (\d+)$/;
    let sum = 0;
    const hostile = lines
      .filter((l) => !l.startsWith('summary:') && !l.startsWith('totals:'))
      .map((l, i, all) => {
        const m = costLine.exec(l);
        if (!m || all[i - 1].startsWith('calls=')) return l;
        sum -= Number(m[2]);
        return `${m[1]} -${m[2]}`;
      });
    const p = importCallgrind(new TextEncoder().encode(hostile.join('\n')), { name: 'negative.callgrind' });
    expect(sum).toBeLessThan(0);
    expect(p.total).toBe(sum);
    render(<EmptyNote profile={p} derived={false} />);
    const grouped = Math.abs(sum).toLocaleString('en-US');
    expect(screen.getByRole('status').textContent).toBe(`Nothing to draw: this profile's costs add up to less than nothing (its total is -${grouped} Ir).`);
  });
});
