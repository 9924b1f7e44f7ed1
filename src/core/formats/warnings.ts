/**
 * What an importer repaired instead of refusing, counted per kind with the first place it
 * happened: one line per kind ("3 samples name a node that does not exist (first: node 99,
 * samples[12]); left out"), never one per occurrence, so a file with a million bad samples
 * still gives a short list.
 */
export class Warnings {
  private readonly kinds = new Map<string, { count: number; at: string; say: (count: number, at: string) => string }>();
  private readonly fixed = new Map<string, string>();

  /** One more occurrence of `kind`; `say` words the line from the count and the first place. */
  add(kind: string, at: string, say: (count: number, at: string) => string): void {
    const k = this.kinds.get(kind);
    if (k) k.count++;
    else this.kinds.set(kind, { count: 1, at, say });
  }

  /** A warning worded once, already counted. */
  set(kind: string, text: string): void {
    this.fixed.set(kind, text);
  }

  list(): string[] {
    const out: string[] = [];
    for (const { count, at, say } of this.kinds.values()) out.push(say(count, at));
    for (const text of this.fixed.values()) out.push(text);
    return out;
  }
}
