import type { LineRow } from './lines';

/** A row of the source view: a line of the file (with its costs, if any), or lines left out. */
export type ExcerptRow =
  | { kind: 'line'; line: number; cost: LineRow | null }
  | { kind: 'gap'; from: number; to: number };

/**
 * What the source view shows of one file: every line with a cost and `context` lines around it,
 * the lines between far-apart costs folded into gaps, as `pprof -list` and callgrind_annotate
 * print them. `rows` are one file's lines of a function, by line. Without the file's text
 * (`lineCount` null) only the lines with costs are listed. Line 0 (unknown) comes first.
 */
export function excerptRows(rows: LineRow[], lineCount: number | null, context = 3): ExcerptRow[] {
  const out: ExcerptRow[] = [];
  const known = rows.filter((r) => r.line > 0);
  for (const r of rows) if (r.line <= 0) out.push({ kind: 'line', line: 0, cost: r });
  if (lineCount === null) {
    for (const r of known) out.push({ kind: 'line', line: r.line, cost: r });
    return out;
  }
  const byLine = new Map(known.map((r) => [r.line, r]));
  let next = 1; // the first line not yet shown
  for (let i = 0; i < known.length; i++) {
    const from = Math.max(1, known[i].line - context);
    // extend over the following costs while their contexts touch
    let last = known[i].line;
    while (i + 1 < known.length && known[i + 1].line - context <= last + context + 1) last = known[++i].line;
    const to = Math.min(Math.max(lineCount, last), last + context);
    // a gap of one or two lines costs as much room as the lines themselves: show them
    if (from - next > 2) out.push({ kind: 'gap', from: next, to: from - 1 });
    for (let line = from - next > 2 ? from : next; line <= to; line++) out.push({ kind: 'line', line, cost: byLine.get(line) ?? null });
    next = Math.max(next, to + 1);
  }
  if (lineCount - next >= 2 && out.length > 0) out.push({ kind: 'gap', from: next, to: lineCount });
  else for (let line = next; line <= lineCount && out.length > 0; line++) out.push({ kind: 'line', line, cost: null });
  return out;
}

/** The `count` lines with the largest self cost (above zero): the ones the view marks as hot. */
export function hottestLines(rows: LineRow[], count = 3): Set<LineRow> {
  return new Set(rows.filter((r) => r.self > 0).sort((a, b) => b.self - a.self).slice(0, count));
}
