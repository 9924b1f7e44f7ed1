import { diffFunctions, percentChange, regressions, rowStatus, type FunctionDiff, type FunctionDiffRow, type SideStats } from '../core/diff/index';
import { MergeError } from '../core/merge/index';
import { functionLabel } from '../core/stats/table';
import { formatWeight } from '../core/units';
import { loadGroups, type Group } from './group';
import { HELP, parseCommand, usageError, type CommandSpec, type OptionTable } from './options';

export const DIFF = {
  synopsis: ['diff BASE NEW [options]', 'diff --base FILE... --new FILE... [options]'],
  notes: [
    'BASE and NEW: a file or a folder each; after --base / --new, any number of files and folders (a group, merged)',
  ],
  options: {
    base: { type: 'boolean', help: 'the files after it are the base side' },
    new: { type: 'boolean', help: 'the files after it are the new side' },
    json: { type: 'boolean', help: 'the diff as JSON (the README\'s contract)' },
    sort: { type: 'string', value: 'KEY', default: 'delta', help: 'delta (|Δ total|), self (|Δ self|), percent (|Δ% total|), new, base or name' },
    limit: { type: 'string', value: 'N', default: '0', help: 'the first N functions; 0 for all' },
    normalize: { type: 'boolean', help: "compare shares of each side's total (pprof -normalize)" },
    'fail-above': { type: 'string', value: 'PCT', help: "exit 1 when the total, or a function's self, grew by more than PCT% of the base total" },
    event: { type: 'string', value: 'NAME|N', help: 'the callgrind event, pprof sample type or perf event to compare (N counts from 0)' },
    ...HELP,
  },
} as const satisfies CommandSpec<OptionTable>;

const SORTS = new Map<string, (a: FunctionDiffRow, b: FunctionDiffRow) => number>([
  ['delta', () => 0], // diffFunctions' own order
  ['self', (a, b) => Math.abs(b.deltaSelf) - Math.abs(a.deltaSelf)],
  ['percent', (a, b) => Math.abs(pct(b)) - Math.abs(pct(a))],
  ['new', (a, b) => (b.next?.total ?? -Infinity) - (a.next?.total ?? -Infinity)],
  ['base', (a, b) => (b.base?.total ?? -Infinity) - (a.base?.total ?? -Infinity)],
  ['name', (a, b) => (functionLabel(a.frame) < functionLabel(b.frame) ? -1 : functionLabel(a.frame) > functionLabel(b.frame) ? 1 : 0)],
]);

/** |Δ%| for sorting: a new function's change is infinite, which sorts first */
function pct(r: FunctionDiffRow): number {
  return percentChange(r.base?.total, r.deltaTotal) ?? (r.deltaTotal === 0 ? 0 : Infinity);
}

/** `profburst diff`: the per-function diff of two profiles or groups, and a regression gate for CI. */
export function diffCommand(args: string[]): number {
  const parsed = parseCommand(DIFF, args);
  if (typeof parsed === 'number') return parsed;
  const { values, tokens } = parsed;
  const usage = (message: string) => usageError(DIFF, message);
  // positionals after --base or --new belong to that side; without either, BASE NEW
  const sides = { base: [] as string[], new: [] as string[], plain: [] as string[] };
  let side: 'base' | 'new' | 'plain' = 'plain';
  for (const t of tokens) {
    if (t.kind === 'option' && (t.name === 'base' || t.name === 'new')) side = t.name;
    else if (t.kind === 'positional') sides[side].push(t.value);
  }
  if (sides.plain.length > 0 && (sides.base.length > 0 || sides.new.length > 0)) {
    return usage(`diff: ${sides.plain[0]} belongs to neither --base nor --new`);
  }
  if (sides.base.length === 0 && sides.new.length === 0) {
    if (sides.plain.length !== 2) return usage('diff needs BASE and NEW, or --base FILE... --new FILE...');
    sides.base.push(sides.plain[0]);
    sides.new.push(sides.plain[1]);
  }
  if (sides.base.length === 0 || sides.new.length === 0) return usage('diff needs files on both sides: --base FILE... --new FILE...');
  const sort = SORTS.get(values.sort);
  if (!sort) return usage(`unknown sort key '${values.sort}'`);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0) return usage('--limit needs a whole number');
  const failAbove = values['fail-above'] === undefined ? undefined : Number(values['fail-above']);
  if (failAbove !== undefined && !(failAbove >= 0)) return usage('--fail-above needs a percentage, 0 or more');

  // both sides at once: their callgrind events are matched across all the files
  const groups = loadGroups([sides.base, sides.new], values.event, ['base', 'new']);
  if ('exit' in groups) return groups.exit;
  const [base, next] = groups;
  let diff: FunctionDiff;
  try {
    diff = diffFunctions(base.profile, next.profile, values.normalize);
  } catch (e) {
    if (!(e instanceof MergeError)) throw e;
    console.error(`profburst: base against new: ${e.message}`);
    return 1;
  }
  const rows = values.sort === 'delta' ? diff.rows : [...diff.rows].sort((a, b) => sort(a, b) || diff.rows.indexOf(a) - diff.rows.indexOf(b));
  const shown = limit > 0 ? rows.slice(0, limit) : rows;
  console.log(values.json ? diffJson(diff, shown, base, next) : diffText(diff, shown, base, next, values.normalize));
  if (failAbove === undefined) return 0;
  const offenders = regressions(diff, failAbove);
  for (const line of offenders) console.error(`profburst: regression: ${line}`);
  return offenders.length > 0 ? 1 : 0;
}

/** The JSON contract of `diff --json` (README): a side's values null where the function is absent. */
export function diffJson(diff: FunctionDiff, rows: FunctionDiffRow[], base: Group, next: Group): string {
  const side = (s: SideStats | null) => s && { self: s.self, total: s.total, ncalls: s.ncalls };
  return JSON.stringify({
    unit: diff.scale.unit.name,
    base: { total: diff.scale.baseTotal, files: base.files },
    new: { total: diff.scale.nextTotal, files: next.files },
    functions: rows.map((r) => ({
      name: r.frame.name,
      file: r.frame.file,
      line: r.frame.line,
      base: side(r.base),
      new: side(r.next),
    })),
  }, null, 1);
}

function diffText(diff: FunctionDiff, rows: FunctionDiffRow[], base: Group, next: Group, normalize: boolean): string {
  const u = diff.scale.unit;
  const w = (v: number | undefined) => (v === undefined ? '–' : formatWeight(v, u));
  const signed = (v: number) => (v > 0 ? `+${formatWeight(v, u)}` : formatWeight(v, u));
  const percent = (b: number | undefined, d: number) => {
    const p = percentChange(b, d);
    return p === null ? '–' : `${p > 0 ? '+' : ''}${p.toFixed(1)}%`;
  };
  const calls = (r: FunctionDiffRow) => {
    const b = r.base?.ncalls, n = r.next?.ncalls;
    if (b == null && n == null) return '–';
    return `${b ?? '–'} -> ${n ?? '–'}`;
  };
  const cells = rows.map((r) => [
    w(r.base?.total), w(r.next?.total), signed(r.deltaTotal), percent(r.base?.total, r.deltaTotal),
    w(r.base?.self), w(r.next?.self), signed(r.deltaSelf), calls(r),
    rowStatus(r) === 'new' || rowStatus(r) === 'gone' ? rowStatus(r) : '', functionLabel(r.frame),
  ]);
  const head = ['base total', 'new total', 'Δ total', 'Δ%', 'base self', 'new self', 'Δ self', 'ncalls', '', 'function'];
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c === head.length - 1 ? cell : cell.padStart(widths[c]))).join('  ').trimEnd();
  const count = (g: Group) => (g.files.length === 1 ? g.files[0] : `${g.files.length} files`);
  return [
    `base: ${count(base)}, total ${formatWeight(diff.scale.baseTotal, u)}${normalize ? ' (normalised to the new total)' : ''}`,
    `new:  ${count(next)}, total ${formatWeight(diff.scale.nextTotal, u)} (${signed(diff.scale.nextTotal - diff.scale.baseTotal)}, ${percent(diff.scale.baseTotal, diff.scale.nextTotal - diff.scale.baseTotal)})`,
    '',
    line(head),
    ...cells.map(line),
  ].join('\n');
}
