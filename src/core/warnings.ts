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
