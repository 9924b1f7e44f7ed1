import type { Profile } from './model';

/**
 * What an importer repaired instead of refusing (Profile.warnings): one line per kind of repair,
 * with how often it happened and where first, so a broken file says exactly what was changed
 * ("3 close events of frames that were not open: dropped (first at profiles[0].events[7])").
 */
export class Repairs {
  private readonly kinds = new Map<string, { count: number; where: string; text: string }>();

  note(kind: string, where: string, text: string, count = 1): void {
    const k = this.kinds.get(kind);
    if (k) k.count += count;
    else this.kinds.set(kind, { count, where, text });
  }

  get size(): number {
    return this.kinds.size;
  }

  words(): string[] {
    return [...this.kinds.values()].map((k) => `${k.count} ${k.text} (first at ${k.where})`);
  }
}

/**
 * A thread left out of a file's profiles (it has no cost while others have some) may have none
 * because of a repair (its one X event had a negative "dur", its samples no stack): its warnings
 * go to the first profile shown, naming the thread, or the repair would be said nowhere. The
 * file's own warnings, which every thread carries, are said once.
 */
export function keepLeftOutWarnings(left: Profile[], into: Profile, why: string): void {
  const said = new Set(into.warnings);
  const added: string[] = [];
  for (const p of left) {
    for (const w of p.warnings ?? []) {
      if (said.has(w)) continue;
      said.add(w);
      added.push(`${p.thread?.name ?? p.name}, left out for ${why}: ${w}`);
    }
  }
  if (added.length > 0) into.warnings = [...(into.warnings ?? []), ...added];
}
