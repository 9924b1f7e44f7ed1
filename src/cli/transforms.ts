import type { Profile } from '../core/model';
import { functionLabel } from '../core/stats/table';
import { applyTransforms } from '../core/transforms/apply';
import { describeNote } from '../core/transforms/describe';
import type { Transform } from '../core/transforms/types';
import { labelMatcher } from './callers';
import type { OptionTable, Token } from './options';

/**
 * The transform options of `stats` and `convert`, each repeatable and applied in the order given
 * on the command line (across different options too, so argv order is kept: parseArgs' tokens).
 * NAME matches as --callers does: a regular expression, or plain text when it is not one,
 * searched in "file:line(function)". Names are resolved against the profile as the earlier
 * options left it, so `--collapse-lib node_modules/react --focus node_modules/react` finds the
 * collapsed frame.
 */
export const TRANSFORM_OPTIONS = {
  focus: { type: 'string', value: 'NAME', help: 'transform: only stacks holding NAME, each from its outermost NAME' },
  'focus-path': { type: 'string', value: 'A;B;C', help: 'transform: only the subtree at the call path A;B;C from the root' },
  merge: { type: 'string', value: 'NAME', help: "transform: NAME's frames removed, its self time its caller's" },
  drop: { type: 'string', value: 'NAME', help: 'transform: every stack holding NAME removed' },
  'collapse-recursion': { type: 'string', value: 'NAME', help: 'transform: outermost to innermost NAME made one frame' },
  'collapse-direct-recursion': { type: 'string', value: 'NAME', help: 'transform: consecutive NAME frames made one' },
  'collapse-lib': { type: 'string', value: 'PREFIX', help: 'transform: consecutive frames of files in PREFIX made one' },
  'only-my-code': { type: 'boolean', help: 'transform: library frames merged away' },
  hide: { type: 'string', value: 'REGEX', help: 'transform: functions whose name or file matches REGEX merged away' },
} as const satisfies OptionTable;

export const TRANSFORMS_NOTE = 'transforms (repeatable) apply in the order given; NAME as for --callers';

export interface TransformOption {
  option: string;
  value: string;
}

/** The transform options among the tokens, in argv order. */
export function transformOptions(tokens: Token[]): TransformOption[] {
  const out: TransformOption[] = [];
  for (const t of tokens) {
    if (t.kind === 'option' && Object.hasOwn(TRANSFORM_OPTIONS, t.name)) out.push({ option: `--${t.name}`, value: t.value ?? '' });
  }
  return out;
}

/** The record for one option against the profile as it stands, or why there is none. */
export function resolveOption(profile: Profile, { option, value }: TransformOption): Transform[] | string {
  switch (option) {
    case '--only-my-code': return [{ type: 'only-my-code', libs: null }];
    case '--collapse-lib': return [{ type: 'collapse-lib', prefix: value }];
    case '--hide': return [{ type: 'hide', pattern: value }];
    case '--focus-path': {
      const path = pathOf(profile, value);
      return typeof path === 'string' ? path : [{ type: 'focus-subtree', path }];
    }
    default: break;
  }
  const funcs = matching(profile, value);
  if (funcs.length === 0) return `no function matches '${value}'`;
  switch (option) {
    case '--focus': return [{ type: 'focus-function', funcs }];
    case '--merge': return [{ type: 'merge-function', funcs }];
    case '--drop': return [{ type: 'drop-function', funcs }];
    case '--collapse-recursion': return funcs.map((func) => ({ type: 'collapse-recursion', func }));
    case '--collapse-direct-recursion': return funcs.map((func) => ({ type: 'collapse-direct-recursion', func }));
    default: return `unknown option ${option}`;
  }
}

/** Frames whose label matches NAME and that have weight or calls in the profile. */
function matching(profile: Profile, name: string): number[] {
  const matches = labelMatcher(name);
  const { self, total, ncalls } = profile.functions;
  const out: number[] = [];
  for (let f = 0; f < profile.frames.length; f++) {
    if (f === profile.tree.frame[0]) continue;
    if (self[f] === 0 && total[f] === 0 && !(ncalls && ncalls[f] > 0)) continue;
    if (matches(functionLabel(profile.frames[f]))) out.push(f);
  }
  return out;
}

/**
 * A;B;C from the root's children down: at each step the child whose label matches (the heaviest
 * when several do), as --callers would match each name.
 */
function pathOf(profile: Profile, value: string): number[] | string {
  const names = value.split(';').filter((s) => s.length > 0);
  if (names.length === 0) return '--focus-path needs A;B;C';
  const { tree } = profile;
  const path = [tree.frame[0]];
  let node = 0;
  for (const name of names) {
    const matches = labelMatcher(name);
    let best = -1;
    for (let c = node + 1; c < tree.size && tree.parent[c] >= node; c++) {
      if (tree.parent[c] !== node) continue;
      if (matches(functionLabel(profile.frames[tree.frame[c]])) && (best < 0 || tree.total[c] > tree.total[best])) best = c;
    }
    if (best < 0) return `no call path ${names.slice(0, path.length).join(';')} in the profile`;
    node = best;
    path.push(tree.frame[best]);
  }
  return path;
}

/** Applies the options in order; each skipped one or each drop is said on stderr (stdout stays the contract's). */
export function applyOptions(original: Profile, options: TransformOption[]): Profile {
  let profile = original;
  for (const o of options) {
    const what = `${o.option}${o.value ? ` ${o.value}` : ''}`;
    const resolved = resolveOption(profile, o);
    if (typeof resolved === 'string') {
      console.error(`profburst: ${what}: skipped: ${resolved}`);
      continue;
    }
    const { profile: next, notes } = applyTransforms(profile, resolved);
    for (const note of notes) {
      const said = describeNote(note, profile.unit);
      if (said) console.error(`profburst: ${what}: ${said}`);
    }
    profile = next;
  }
  return profile;
}
