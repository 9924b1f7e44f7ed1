import type { Profile } from '../core/model';
import { functionLabel } from '../core/stats/table';
import { applyTransforms } from '../core/transforms/apply';
import { describeNote } from '../core/transforms/describe';
import type { Transform } from '../core/transforms/types';
import { labelMatcher } from './callers';

/**
 * The transform options of `stats` and `convert`, each repeatable and applied in the order given
 * on the command line (across different options too, so the raw argv order is kept). NAME
 * matches as --callers does: a regular expression, or plain text when it is not one, searched in
 * "file:line(function)". Names are resolved against the profile as the earlier options left it,
 * so `--collapse-lib node_modules/react --focus node_modules/react` finds the collapsed frame.
 */
export const TRANSFORMS_USAGE = `      transforms, repeatable, applied in the order given:
        --focus NAME  --focus-path A;B;C  --merge NAME  --drop NAME  --collapse-recursion NAME
        --collapse-direct-recursion NAME  --collapse-lib PREFIX  --only-my-code  --hide REGEX`;

export interface TransformOption {
  option: string;
  value: string;
}

const WITH_VALUE = new Set(['--focus', '--focus-path', '--merge', '--drop', '--collapse-recursion', '--collapse-direct-recursion', '--collapse-lib', '--hide']);

/**
 * The transform option at args[i], if it is one: the option, its value, and how many arguments it
 * took. `--opt=value` works as well as `--opt value`. A string when the value is missing.
 */
export function takeTransformOption(args: string[], i: number): { option: TransformOption; used: number } | string | null {
  const a = args[i];
  if (a === '--only-my-code') return { option: { option: a, value: '' }, used: 1 };
  const eq = a.indexOf('=');
  const name = eq > 0 ? a.slice(0, eq) : a;
  if (!WITH_VALUE.has(name)) return null;
  if (eq > 0) return { option: { option: name, value: a.slice(eq + 1) }, used: 1 };
  const value = args[i + 1];
  if (value === undefined) return `${a} needs a ${a === '--collapse-lib' ? 'PREFIX' : a === '--hide' ? 'REGEX' : 'NAME'}`;
  return { option: { option: name, value }, used: 2 };
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
