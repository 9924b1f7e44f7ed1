import type { Frame, Profile } from '../model';

/**
 * A profile as collapsed ("folded") stacks, for flamegraph.pl, speedscope, inferno and our own
 * importer: one line per call-tree node with self weight, `outer;...;leaf WEIGHT`, the weight in
 * the profile's unit (samples, nanoseconds, seconds...), written as a plain decimal, never in
 * exponent notation, which folded-stack readers do not parse.
 *
 * A frame is its name, with ` (file:line)` when the profile knows where it is (as py-spy writes
 * them), so functions of the same name in different files stay apart when read back. `;` inside a
 * name becomes `:` and line breaks become spaces, as stackcollapse-perf.pl does: they would split
 * a frame or a line. The tree's root is left out unless it carries weight itself (V8's `(root)`,
 * the synthetic root of the stack formats). Nodes with zero or negative self (Xdebug's memory
 * deltas) have no line: a count is not negative.
 *
 * Size: each line repeats its whole stack, so a deep tree with self weight on many levels writes
 * depth x nodes frames, as the format requires.
 */
export function toCollapsed(profile: Profile): string {
  const { parent, frame, self, size } = profile.tree;
  const labels = new Map<number, string>();
  const label = (f: number): string => {
    let text = labels.get(f);
    if (text === undefined) {
      text = frameLabel(profile.frames[f]);
      labels.set(f, text);
    }
    return text;
  };
  const skipRoot = size > 0 && !(self[0] > 0);
  const path: string[] = [];
  const pathNode: number[] = [];
  const lines: string[] = [];
  for (let i = 0; i < size; i++) {
    // preorder, parent[i] < i: pop until the parent is on top
    while (pathNode.length > 0 && pathNode[pathNode.length - 1] !== parent[i]) {
      pathNode.pop();
      path.pop();
    }
    if (!(i === 0 && skipRoot)) {
      pathNode.push(i);
      path.push(label(frame[i]));
    } else {
      pathNode.push(i);
      path.push('');
    }
    if (self[i] > 0 && Number.isFinite(self[i])) {
      lines.push(`${(skipRoot ? path.slice(1) : path).join(';')} ${decimal(self[i])}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function frameLabel(f: Frame): string {
  const where = f.file ? ` (${f.file}${f.line > 0 ? `:${f.line}` : ''})` : '';
  return `${f.name}${where}`.replace(/;/g, ':').replace(/[\r\n]+/g, ' ') || '?';
}

/** a positive finite number as plain decimal digits: 3, 0.25, 0.000000123 (never 1.23e-7) */
export function decimal(v: number): string {
  const text = String(v);
  if (!text.includes('e')) return text;
  if (v >= 1) return BigInt(Math.round(v)).toString(); // >= 1e21: whole anyway
  return v.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}
