import { watch, type FSWatcher, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * Tells when watched files change, for `profburst --watch`. Two sources, because neither is
 * enough alone:
 *  - fs.watch on the *folders*, not the files: a file replaced by rename (editors, atomic
 *    writers) gets a new inode and a watch on the old one goes quiet; and fs.watch is missing
 *    or unreliable on network and container filesystems;
 *  - a stat poll (default every second) that catches whatever fs.watch missed.
 * Both only schedule a check; the check runs `debounceMs` after the last signal for that file,
 * because cProfile rewrites its .prof on every request in several writes, and the page should
 * load the finished file once, not a truncated one. A change is reported when size, mtime or
 * inode differ from the last report; an empty file is not reported (it is being written).
 */
export interface WatchOptions {
  /** folders to watch with fs.watch; events in them are mapped to paths by `accept` */
  dirs: string[];
  /** whether a path (folder + reported name) is one of ours */
  accept: (path: string) => boolean;
  /** every path to poll; a path that disappears from the list is reported once as removed */
  list: () => Promise<string[]>;
  onChange: (path: string, stats: Stats | null) => void;
  debounceMs?: number;
  pollMs?: number;
}

export interface Watcher {
  close(): void;
}

export async function watchPaths(options: WatchOptions): Promise<Watcher> {
  const { accept, onChange } = options;
  const debounceMs = options.debounceMs ?? 200;
  const seen = new Map<string, string>(); // path -> signature of the last report (or start)
  const timers = new Map<string, NodeJS.Timeout>();
  let closed = false;

  const signature = async (path: string): Promise<{ sig: string; stats: Stats | null }> => {
    try {
      const s = await stat(path);
      return { sig: s.isFile() ? `${s.size}:${s.mtimeMs}:${s.ino}` : '', stats: s.isFile() ? s : null };
    } catch {
      return { sig: '', stats: null };
    }
  };

  const check = async (path: string): Promise<void> => {
    timers.delete(path);
    const { sig, stats } = await signature(path);
    const before = seen.get(path) ?? '';
    if (closed || sig === before || (stats && stats.size === 0)) return;
    seen.set(path, sig);
    onChange(path, stats);
  };

  const schedule = (path: string): void => {
    if (closed) return;
    clearTimeout(timers.get(path));
    timers.set(path, setTimeout(() => void check(path), debounceMs));
  };

  const poll = async (): Promise<void> => {
    const paths = new Set(await options.list().catch(() => [] as string[]));
    for (const p of seen.keys()) paths.add(p); // so removals are noticed
    for (const path of paths) {
      const { sig } = await signature(path);
      if (sig !== (seen.get(path) ?? '') && !timers.has(path)) schedule(path);
    }
  };

  for (const path of await options.list()) seen.set(path, (await signature(path)).sig);

  const watchers: FSWatcher[] = [];
  for (const dir of new Set(options.dirs)) {
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        if (name === null) return void poll(); // the platform did not say which file: look at all
        const path = join(dir, name);
        if (basename(name) === name && accept(path)) schedule(path);
      });
      w.on('error', () => w.close()); // the folder went away or inotify ran out: the poll remains
      watchers.push(w);
    } catch {
      // no fs.watch here (some network filesystems): the poll does the work
    }
  }
  const interval = setInterval(() => void poll(), options.pollMs ?? 1000);
  interval.unref();

  return {
    close() {
      closed = true;
      clearInterval(interval);
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      for (const w of watchers) w.close();
    },
  };
}
