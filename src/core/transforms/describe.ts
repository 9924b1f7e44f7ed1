import type { Frame, WeightUnit } from '../model';
import { functionLabel } from '../stats/table';
import { formatWeight } from '../units';
import type { Transform, TransformNote } from './types';

/** What a note has to say, for the page and the CLI: a skip, or weight a drop or focus removed. */
export function describeNote(note: TransformNote, unit: WeightUnit): string | null {
  if (note.skipped) return `skipped: ${note.skipped}`;
  if (note.removed !== undefined && note.before) {
    const verb = note.transform.type === 'drop-function' ? 'dropped' : 'left out';
    return `${verb} ${formatWeight(note.removed, unit)} (${percent(note.removed / note.before)} of the total)`;
  }
  return null;
}

function percent(x: number): string {
  const p = x * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p >= 0.1 ? p.toFixed(1) : p.toPrecision(1)}%`;
}

const VERBS: Record<Transform['type'], string> = {
  'focus-subtree': 'Focus on',
  'focus-function': 'Focus on',
  'merge-function': 'Merge',
  'merge-call-node': 'Merge node',
  'drop-function': 'Drop',
  'collapse-recursion': 'Collapse recursion',
  'collapse-direct-recursion': 'Collapse direct recursion',
  'collapse-lib': 'Collapse',
  'only-my-code': 'Only my code',
  hide: 'Hide',
};

/** A short label for a chip: the verb and the function, path end, prefix or pattern. */
export function describeTransform(t: Transform, frames: Frame[]): string {
  const name = (f: number) => (f >= 0 && f < frames.length ? frames[f].name || functionLabel(frames[f]) : `#${f}`);
  const verb = VERBS[t.type] ?? t.type;
  switch (t.type) {
    case 'focus-subtree':
    case 'merge-call-node':
      return `${verb} ${t.path.length > 1 ? '…/' : ''}${name(t.path[t.path.length - 1])}`;
    case 'focus-function':
    case 'merge-function':
    case 'drop-function':
      return `${verb} ${t.funcs.map(name).join(', ')}`;
    case 'collapse-recursion':
    case 'collapse-direct-recursion':
      return `${verb} ${name(t.func)}`;
    case 'collapse-lib':
      return `${verb} ${t.prefix}`;
    case 'only-my-code':
      return verb;
    case 'hide':
      return `${verb} /${t.pattern}/`;
    default:
      return verb;
  }
}
