import { isObject, own } from '../../untrusted';

/**
 * A raw Gecko profile's `libs` (per process: start, end, name of each mapped library), to name
 * the library an unsymbolicated frame ("0x7f18d163a26f") lies in, as the Firefox Profiler shows
 * such a frame with its library before symbolication (which needs Mozilla's symbol server).
 */
export class Libraries {
  private constructor(private readonly start: number[], private readonly end: number[], private readonly name: string[]) {}

  static of(profile: Record<string, unknown>): Libraries {
    const libs = own(profile, 'libs');
    const entries: { start: number; end: number; name: string }[] = [];
    if (Array.isArray(libs)) {
      for (const lib of libs) {
        if (!isObject(lib)) continue;
        const start = own(lib, 'start'), end = own(lib, 'end');
        const name = [own(lib, 'name'), own(lib, 'debugName'), baseName(own(lib, 'path'))].find((n) => typeof n === 'string' && n !== '');
        if (typeof start !== 'number' || typeof end !== 'number' || !(start < end) || typeof name !== 'string') continue;
        entries.push({ start, end, name });
      }
    }
    entries.sort((a, b) => a.start - b.start);
    return new Libraries(entries.map((e) => e.start), entries.map((e) => e.end), entries.map((e) => e.name));
  }

  /** The library of a frame named by its address alone, or '' (not an address, or in none). */
  fileOf(location: string): string {
    if (this.start.length === 0 || !/^0x[0-9a-f]{1,13}$/i.test(location)) return '';
    const address = Number.parseInt(location.slice(2), 16);
    // the last library starting at or before the address
    let lo = 0, hi = this.start.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.start[mid] <= address) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found >= 0 && address < this.end[found] ? this.name[found] : '';
  }
}

function baseName(path: unknown): string {
  return typeof path === 'string' ? path.slice(path.lastIndexOf('/') + 1) : '';
}
