import { useMemo, useState } from 'react';
import type { Profile } from '../../core/model';
import { classifyLibraries, DEFAULT_LIBRARIES } from '../../core/transforms/libraries';
import { formatPercent, formatWeight } from '../../core/units';
import { activeStack, useTransformStore } from '../../state/transformStore';
import { libsForTransform, useLibraryStore } from './libraryStore';

/**
 * "Only my code"'s classification, shown and editable: the library path prefixes one per line,
 * and per prefix how many of this profile's functions it claims and their self time, so that a
 * user sees what would be merged away before applying it.
 */
export function LibraryPanel({ profile }: { profile: Profile }) {
  const stored = useLibraryStore((s) => s.prefixes);
  const [text, setText] = useState(stored.join('\n'));
  const prefixes = useMemo(() => text.split('\n').map((l) => l.trim()).filter((l) => l !== ''), [text]);
  // one match per distinct file: cheap enough to follow each keystroke
  const c = useMemo(() => classifyLibraries(profile.frames, profile.functions.self, prefixes), [profile, prefixes]);
  const apply = () => {
    useLibraryStore.getState().setPrefixes(prefixes);
    const t = { type: 'only-my-code', libs: libsForTransform(prefixes) } as const;
    const stack = activeStack();
    // a second "only my code" with another list replaces the first rather than stacking on it
    const top = stack[stack.length - 1];
    void useTransformStore.getState().setStack(top?.type === 'only-my-code' ? [...stack.slice(0, -1), t] : [...stack, t]);
    useLibraryStore.getState().setOpen(false);
  };
  const unit = profile.unit;
  return (
    <div className="library-panel" role="dialog" aria-label="Library code">
      <h2>Only my code: what is library code</h2>
      <p>A function is library code when its file starts with one of these, or holds it after a <code>/</code>; <code>(built-in)</code> is functions with no file. Library frames are merged into the user code that called them.</p>
      <div className="library-grid">
        <textarea aria-label="Library path prefixes, one per line" value={text} spellCheck={false} rows={Math.min(16, Math.max(6, prefixes.length + 1))} onChange={(e) => setText(e.target.value)} />
        <table className="library-table" aria-label="Functions per prefix">
          <thead><tr><th className="fn">prefix</th><th>functions</th><th>self</th></tr></thead>
          <tbody>
            {c.prefixes.map((p, i) => (
              <tr key={i} className={p.functions === 0 ? 'none' : undefined}>
                <td className="fn">{p.prefix}</td>
                <td className="num">{p.functions}</td>
                <td className="num" title={formatWeight(p.self, unit)}>{formatPercent(p.self, profile.total)}</td>
              </tr>
            ))}
            <tr className="user">
              <td className="fn">your code</td>
              <td className="num">{c.user.functions}</td>
              <td className="num" title={formatWeight(c.user.self, unit)}>{formatPercent(c.user.self, profile.total)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <div className="library-actions">
        <button type="button" onClick={apply}>Apply only my code</button>
        <button type="button" onClick={() => setText(DEFAULT_LIBRARIES.join('\n'))}>Defaults</button>
        <button type="button" onClick={() => useLibraryStore.getState().setOpen(false)}>Close</button>
      </div>
    </div>
  );
}
