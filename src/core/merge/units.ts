import type { Profile, WeightUnit } from '../model';

/**
 * Which units add up. Times convert (a .cpuprofile's microseconds with a .prof's seconds); counts
 * add only when they count the same thing (Ir with Ir, samples with samples, never Ir with
 * cycles); bytes with bytes. Anything else is refused, naming the files and their units, rather
 * than summing numbers that mean different things.
 */
export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

export function sameKind(a: WeightUnit, b: WeightUnit): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'time') return a.seconds > 0 && b.seconds > 0;
  if (a.kind === 'bytes') return true;
  return a.name === b.name;
}

/**
 * The unit a merge of `profiles` is in (the first profile's), and per profile the factor that
 * converts its weights to it: exactly 1 for the same unit, so same-unit sums are bit-exact.
 */
export function commonUnit(profiles: readonly Profile[]): { unit: WeightUnit; scale: number[] } {
  if (profiles.length === 0) throw new MergeError('nothing to merge: no profiles');
  const unit = profiles[0].unit;
  const misfits = profiles.filter((p) => !sameKind(unit, p.unit));
  if (misfits.length > 0) {
    const seen = new Map<string, string[]>(); // unit label -> file names
    for (const p of profiles) {
      const label = unitLabel(p.unit);
      const names = seen.get(label) ?? [];
      names.push(p.name);
      seen.set(label, names);
    }
    const groups = [...seen].map(([label, names]) => `${label}: ${listNames(names)}`);
    throw new MergeError(`cannot add up profiles in different units (${groups.join('; ')})`);
  }
  const scale = profiles.map((p) => (p.unit.kind === 'time' && p.unit.seconds !== unit.seconds ? p.unit.seconds / unit.seconds : 1));
  return { unit, scale };
}

function unitLabel(u: WeightUnit): string {
  return u.kind === 'count' ? `${u.name} (a count)` : u.name;
}

/** at most three names, then how many more: a folder of 1 000 files makes one readable line */
function listNames(names: string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}
