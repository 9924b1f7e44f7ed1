// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECONDS, type Frame, type Profile } from '../core/model';
import { TreeBuilder } from '../core/tree/grow';
import { useViewStore } from '../state/viewStore';
import { StatsTable } from './StatsTable';

// Five functions with distinct values in every column, so each sort has one right order.
//                 ncalls prim  self   total
const RAW: [string, number, number, number, number][] = [
  ['alpha', 10, 10, 0.5, 4.0], //  percall 0.05    cumpercall 0.4
  ['bravo', 3, 1, 0.9, 1.2], //    percall 0.3     cumpercall 1.2
  ['charlie', 40, 40, 0.2, 0.6], // percall 0.005  cumpercall 0.015
  ['delta', 1, 1, 0.05, 2.5], //   percall 0.05 -> tie with alpha on percall, broken by total
  ['echo', 7, 7, 2.1, 3.0], //     percall 0.3     cumpercall ~0.4286
];

function profile(): Profile {
  const frames: Frame[] = RAW.map(([name], i) => ({ name, file: `/src/${name}.py`, line: i + 1, column: 0 }));
  const b = new TreeBuilder();
  b.push(-1, 0, 0);
  return {
    format: 'pstats',
    name: 'test.prof',
    unit: SECONDS,
    total: 4,
    frames,
    tree: b.finish(),
    functions: {
      ncalls: Float64Array.from(RAW, (r) => r[1]),
      primcalls: Float64Array.from(RAW, (r) => r[2]),
      self: Float64Array.from(RAW, (r) => r[3]),
      total: Float64Array.from(RAW, (r) => r[4]),
    },
    graph: null,
    events: ['time'],
    event: 0,
  };
}

/** the sortable columns, in the order they are shown; the shares of the total between them are not sortable */
const HEADERS = ['ncalls', 'tottime', 'percall', 'cumtime', 'percall', 'function'];

/** The value each column sorts by, from the raw numbers; biggest first for numbers, A to Z for names. */
function expectedOrder(column: number, reversed: boolean): string[] {
  const key = (r: (typeof RAW)[number]): number | string => {
    switch (column) {
      case 0: return r[1];
      case 1: return r[3];
      case 2: return r[3] / r[1];
      case 3: return r[4];
      case 4: return r[4] / r[2];
      default: return `/src/${r[0]}.py:${RAW.indexOf(r) + 1}(${r[0]})`;
    }
  };
  const rows = [...RAW];
  rows.sort((a, b) => {
    const ka = key(a), kb = key(b);
    let c: number;
    if (typeof ka === 'string') c = ka < (kb as string) ? -1 : ka > (kb as string) ? 1 : 0;
    else c = (kb as number) - ka; // numbers: biggest first
    if (reversed) c = -c;
    return c || b[4] - a[4]; // ties: bigger total first, whatever the direction
  });
  return rows.map((r) => r[0]);
}

function shownOrder(): string[] {
  return screen.getAllByRole('row').slice(1).map((tr) => tr.querySelector('.fn-name')!.textContent);
}

const sortableHeaders = () => screen.getAllByRole('columnheader').filter((th) => within(th).queryByRole('button'));

beforeEach(() => useViewStore.setState({ sort: 'tottime', reversed: false, search: '', selectedFrame: null }));
afterEach(cleanup);

describe('StatsTable', () => {
  it('starts sorted by tottime, biggest first: the hot spot on top', () => {
    useViewStore.setState(useViewStore.getInitialState());
    render(<StatsTable profile={profile()} />);
    expect(shownOrder()).toEqual(['echo', 'bravo', 'alpha', 'charlie', 'delta']);
    expect(shownOrder()).toEqual(expectedOrder(1, false));
  });

  it('shows each function\'s share of the total with a bar as long as the share', () => {
    render(<StatsTable profile={profile()} />);
    const labels = screen.getAllByRole('columnheader').map((th) => th.textContent);
    expect(labels).toEqual(['ncalls', 'tottime ▼', '% self', 'percall', 'cumtime', '% total', 'percall', 'function']);
    const echo = screen.getAllByRole('row')[1]; // echo: self 2.1, total 3.0 of 4
    expect(echo.querySelector('.share-self')!.textContent).toBe('52.5%');
    expect((echo.querySelector('.share-self .share-bar') as HTMLElement).style.width).toBe('52.5%');
    expect(echo.querySelector('.share-total')!.textContent).toBe('75.0%');
    expect((echo.querySelector('.share-total .share-bar') as HTMLElement).style.width).toBe('75%');
    expect(screen.getByText(/5 functions; shares are of the total, 4(\.00)? s/)).toBeTruthy();
  });

  it('shows the name first and the whole place on hover', () => {
    render(<StatsTable profile={profile()} />);
    const cell = screen.getAllByRole('row')[1].querySelector('td.fn') as HTMLElement;
    expect(cell.querySelector('.fn-name')!.textContent).toBe('echo');
    expect(cell.querySelector('.fn-place')!.textContent).toBe('/src/echo.py:5');
    expect(cell.title).toBe('/src/echo.py:5(echo)');
  });

  it('leaves out the columns a sampled profile has no data for, and names callgrind columns after the event', () => {
    const sampled = { ...profile(), format: 'cpuprofile' as const, functions: { ...profile().functions, ncalls: null, primcalls: null } };
    render(<StatsTable profile={sampled} />);
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['tottime ▼', '% self', 'cumtime', '% total', 'function']);
    cleanup();
    render(<StatsTable profile={{ ...profile(), format: 'callgrind', events: ['Ir', 'Dr'], event: 0 }} />);
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['ncalls', 'self Ir ▼', '% self', 'percall', 'incl. Ir', '% total', 'percall', 'function']);
  });

  it('counts one function as "1 function"', () => {
    useViewStore.setState({ search: '/^echo$/' });
    render(<StatsTable profile={profile()} />);
    expect(screen.getByText(/^1 function;/)).toBeTruthy();
  });

  it.each(HEADERS.map((h, i) => [i, h] as const))('sorts by column %i (%s) and reverses on a second click', (column) => {
    // start from another column so the first click on this one always gives its natural order
    useViewStore.setState({ sort: column === 0 ? 'tottime' : 'ncalls', reversed: false });
    render(<StatsTable profile={profile()} />);
    const header = () => sortableHeaders()[column];
    fireEvent.click(within(header()).getByRole('button'));
    expect(shownOrder()).toEqual(expectedOrder(column, false));
    expect(header().getAttribute('aria-sort')).toBe(column === 5 ? 'ascending' : 'descending');
    fireEvent.click(within(header()).getByRole('button'));
    expect(shownOrder()).toEqual(expectedOrder(column, true));
    expect(header().getAttribute('aria-sort')).toBe(column === 5 ? 'descending' : 'ascending');
  });

  it('filters rows by the search and selects a clicked row', () => {
    useViewStore.setState({ search: '/^(alpha|echo)$/' });
    render(<StatsTable profile={profile()} />);
    expect(shownOrder()).toEqual(['echo', 'alpha']);
    fireEvent.click(screen.getByText('echo'));
    expect(useViewStore.getState().selectedFrame).toBe(4);
    expect(screen.getAllByRole('row')[1].getAttribute('aria-selected')).toBe('true');
  });

  it('is one tab stop: the arrows move the focus between rows, Enter selects', () => {
    render(<StatsTable profile={profile()} />);
    const rows = () => screen.getAllByRole('row').slice(1);
    expect(rows().filter((tr) => tr.tabIndex === 0)).toHaveLength(1);
    rows()[0].focus();
    fireEvent.keyDown(rows()[0], { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rows()[1]);
    expect(rows().filter((tr) => tr.tabIndex === 0)).toEqual([rows()[1]]);
    fireEvent.keyDown(rows()[1], { key: 'End' });
    expect(document.activeElement).toBe(rows()[4]);
    fireEvent.keyDown(rows()[4], { key: 'Enter' });
    expect(useViewStore.getState().selectedFrame).toBe(3); // delta: the smallest tottime
  });

  it('outlines a row\'s function in the chart while the pointer is on the row', () => {
    render(<StatsTable profile={profile()} />);
    fireEvent.mouseEnter(screen.getAllByRole('row')[1]);
    expect(useViewStore.getState().hoveredFrame).toBe(4);
    fireEvent.mouseLeave(screen.getAllByRole('row')[1]);
    expect(useViewStore.getState().hoveredFrame).toBeNull();
  });
});
