import type { Transform } from '../core/transforms/types';

/**
 * The transform stack in the address, Firefox Profiler's way: one short key per transform and
 * its argument, joined by `~`: `transforms=mf-1z~f-0.3.a1~cl-node_modules%2Freact~omc`.
 * Frame indexes are base 36 joined by `.`; strings are percent-encoded, `~` too. Pure functions,
 * tested both ways; an entry that does not read is reported and left out, never fatal.
 */
const KEYS = {
  'focus-subtree': 'f',
  'focus-function': 'ff',
  'merge-function': 'mf',
  'merge-call-node': 'mcn',
  'drop-function': 'df',
  'collapse-recursion': 'rec',
  'collapse-direct-recursion': 'drec',
  'collapse-lib': 'cl',
  'only-my-code': 'omc',
  hide: 'h',
} as const satisfies Record<Transform['type'], string>;

const TYPES = new Map<string, Transform['type']>(Object.entries(KEYS).map(([t, k]) => [k, t as Transform['type']]));

const str = (s: string) => encodeURIComponent(s).replace(/~/g, '%7E');
const ints = (a: readonly number[]) => a.map((n) => n.toString(36)).join('.');

export function encodeTransforms(stack: readonly Transform[]): string {
  return stack.map((t) => {
    const key = KEYS[t.type];
    switch (t.type) {
      case 'focus-subtree':
      case 'merge-call-node':
        return `${key}-${ints(t.path)}`;
      case 'focus-function':
      case 'merge-function':
      case 'drop-function':
        return `${key}-${ints(t.funcs)}`;
      case 'collapse-recursion':
      case 'collapse-direct-recursion':
        return `${key}-${ints([t.func])}`;
      case 'collapse-lib':
        return `${key}-${str(t.prefix)}`;
      case 'only-my-code':
        return t.libs === null ? key : `${key}-${t.libs.map(str).join(',')}`;
      case 'hide':
        return `${key}-${str(t.pattern)}`;
      default:
        return '';
    }
  }).join('~');
}

function readInts(s: string): number[] | null {
  if (!/^[0-9a-z]+(\.[0-9a-z]+)*$/.test(s)) return null;
  const out = s.split('.').map((x) => parseInt(x, 36));
  return out.every((n) => Number.isSafeInteger(n) && n < 2 ** 31) ? out : null;
}

function readStr(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

export function decodeTransforms(text: string): { transforms: Transform[]; errors: string[] } {
  const transforms: Transform[] = [];
  const errors: string[] = [];
  if (!text) return { transforms, errors };
  for (const entry of text.split('~')) {
    const dash = entry.indexOf('-');
    const key = dash < 0 ? entry : entry.slice(0, dash);
    const arg = dash < 0 ? '' : entry.slice(dash + 1);
    const type = TYPES.get(key);
    const t = type ? read(type, arg, dash >= 0) : null;
    if (t) transforms.push(t);
    else errors.push(`transform '${entry.slice(0, 40)}' does not read; left out`);
  }
  return { transforms, errors };
}

function read(type: Transform['type'], arg: string, hasArg: boolean): Transform | null {
  switch (type) {
    case 'focus-subtree':
    case 'merge-call-node': {
      const path = readInts(arg);
      return path ? { type, path } : null;
    }
    case 'focus-function':
    case 'merge-function':
    case 'drop-function': {
      const funcs = readInts(arg);
      return funcs ? { type, funcs } : null;
    }
    case 'collapse-recursion':
    case 'collapse-direct-recursion': {
      const f = readInts(arg);
      return f && f.length === 1 ? { type, func: f[0] } : null;
    }
    case 'collapse-lib': {
      const prefix = readStr(arg);
      return prefix ? { type, prefix } : null;
    }
    case 'only-my-code': {
      if (!hasArg) return { type, libs: null };
      const libs = arg.split(',').map(readStr);
      return libs.every((l): l is string => l !== null) ? { type, libs } : null;
    }
    case 'hide': {
      const pattern = readStr(arg);
      return pattern ? { type, pattern } : null;
    }
    default:
      return null;
  }
}
