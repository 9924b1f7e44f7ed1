// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { importPstats } from '../core/formats/pstats';
import { formatCalls, formatWeight } from '../core/units';
import { useViewStore } from '../state/viewStore';
import { FunctionPanel } from './FunctionPanel';

afterEach(cleanup);

// jsdom's import.meta.url is not a file URL: the corpus beside the repository, from where tests run
const CORPUS = join(process.cwd(), '../shared/corpus');

interface Call { file: string; line: number; name: string; ncalls: number; primcalls: number; tottime: number; cumtime: number }

describe('FunctionPanel', () => {
  it('lists callers in the table\'s words and order, per edge, as pstats prints them', () => {
    const file = join(CORPUS, 'seed/report.prof');
    const p = importPstats(new Uint8Array(readFileSync(file)));
    const fib = p.frames.findIndex((f) => f.name === 'fib');
    useViewStore.setState({ selectedFrame: fib });
    render(<FunctionPanel profile={p} />);
    const callers = screen.getByRole('table', { name: /^Callers/ });
    expect(within(callers).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['ncalls', 'tottime', 'cumtime', 'function']);
    expect(callers.querySelector('caption')!.textContent).toMatch(/numbers for calls along that edge only/);
    const oracle = (JSON.parse(readFileSync(`${file}.pstats.json`, 'utf8')) as { functions: (Call & { callers: Call[] })[] }).functions.find((f) => f.name === 'fib')!;
    const want = oracle.callers.map((c) => [formatCalls(c.ncalls, c.primcalls), formatWeight(c.tottime, p.unit), formatWeight(c.cumtime, p.unit), `${c.file}:${c.line}(${c.name})`]);
    const got = within(callers).getAllByRole('row').slice(1).map((tr) => within(tr).getAllByRole('cell').map((td) => td.textContent));
    expect(got.sort()).toEqual(want.sort());
  });
});
