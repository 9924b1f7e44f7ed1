// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import type { Virtualizer } from '@tanstack/react-virtual';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useRowMeasure } from './rowMeasure';

afterEach(cleanup);

// A table's rows through the hook, against a virtualizer that records what its ref is handed.
function Rows({ virtualizer, rows }: { virtualizer: Virtualizer<HTMLDivElement, HTMLTableRowElement>; rows: number[] }) {
  const ref = useRowMeasure(virtualizer);
  return (
    <table>
      <tbody>
        {rows.map((r) => <tr key={r} ref={ref} data-index={r}><td>{r}</td></tr>)}
      </tbody>
    </table>
  );
}

const recorder = () => {
  const measureElement = vi.fn();
  return { measureElement, virtualizer: { measureElement } as unknown as Virtualizer<HTMLDivElement, HTMLTableRowElement> };
};

describe('useRowMeasure', () => {
  it('hands the virtualizer each row drawn, and a row that scrolls away as null (it forgets that row then)', () => {
    const { measureElement, virtualizer } = recorder();
    const view = render(<Rows virtualizer={virtualizer} rows={[0, 1, 2, 3]} />);
    expect(measureElement.mock.calls.map(([row]) => (row as HTMLElement).dataset.index)).toEqual(['0', '1', '2', '3']);
    measureElement.mockClear();
    view.rerender(<Rows virtualizer={virtualizer} rows={[2, 3, 4]} />);
    const args = measureElement.mock.calls.map(([row]) => (row === null ? null : (row as HTMLElement).dataset.index));
    expect(args.filter((a) => a === null)).toHaveLength(2); // rows 0 and 1 left
    expect(args.filter((a) => a !== null)).toEqual(['4']);
  });

  it('does not make the virtualizer look for its rows when the whole table goes', () => {
    const { measureElement, virtualizer } = recorder();
    const view = render(<Rows virtualizer={virtualizer} rows={[0, 1, 2, 3, 4, 5]} />);
    measureElement.mockClear();
    view.unmount();
    expect(measureElement).not.toHaveBeenCalled();
  });
});
