import type { ReactNode } from 'react';
import type { Frame } from '../../core/model';
import { functionLabel } from '../../core/stats/table';

/**
 * The function column: the name first and bold, then the place, shortened from the left when the
 * column is narrow (the end of a path says the most), never broken inside a word. The whole
 * pstats label is the cell's tooltip and is kept, selectable, in the selected-function panel.
 */
export function FunctionCell({ frame }: { frame: Frame }) {
  const place = placeOf(frame);
  const label = functionLabel(frame);
  return (
    <td className="fn" title={label}>
      {/* the whole label for screen readers and for a copy of the row; the eye reads the two parts beside it */}
      <span className="fn-label visually-hidden">{label}</span>
      <div className="fn-cell" aria-hidden="true">
        <span className="fn-name">{breakable(frame.name)}</span>
        {place && (
          <span className="fn-place">
            <bdi>{place}</bdi>
          </span>
        )}
      </div>
    </td>
  );
}

/** "/usr/lib/python3.11/json/encoder.py:183", or "" for built-ins and frames without a file */
export function placeOf(frame: Frame): string {
  if (!frame.file || frame.file === '~') return '';
  return frame.line ? `${frame.file}:${frame.line}` : frame.file;
}

/**
 * A name with line-break opportunities after the joints of identifiers (`_`, `.`, `/`, `'`, `:`):
 * a narrow column may wrap `__memcpy_avx_unaligned_erms` between its parts, never inside one
 * (CSS alone breaks anywhere or nowhere).
 */
export function breakable(name: string): ReactNode[] {
  const parts = name.split(/(?<=[^._/':\s][._/':]+)(?=[^._/':\s])/);
  const out: ReactNode[] = [];
  parts.forEach((part, k) => {
    if (k > 0) out.push(<wbr key={`b${k}`} />);
    out.push(part);
  });
  return out;
}
