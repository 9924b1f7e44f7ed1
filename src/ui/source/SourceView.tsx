import { useMemo, useRef } from 'react';
import type { Profile } from '../../core/model';
import { excerptRows, hottestLines } from '../../core/source/excerpt';
import { functionLines, type LineRow } from '../../core/source/lines';
import { DEFAULT_EDITOR_LINK, editorHref } from '../../core/source/sourcePaths';
import { formatPercent, formatWeight } from '../../core/units';
import { activeProfile, useProfileStore } from '../../state/profileStore';
import { useSourceStore } from '../../state/sourceStore';
import { useSourceText } from '../../state/sourceText';
import { addSources } from './takeSources';
import './source.css';

/** Rows drawn per file at most: a function's lines with their context are far fewer. */
const ROW_LIMIT = 600;

/**
 * Cost per source line of the selected function, as KCachegrind's and pprof's source views
 * show it: per line its self and total cost, a heat bar, the hottest lines marked, beside the
 * file's text when the page has it (served by the profburst command, or dropped by the user).
 * Without the text the lines are still listed with their costs.
 */
export function SourceView({ profile, frame }: { profile: Profile; frame: number }) {
  const rows = useMemo(() => functionLines(profile.lines, frame), [profile, frame]);
  const byFile = useMemo(() => {
    const m = new Map<string, LineRow[]>();
    for (const r of rows) {
      const list = m.get(r.file);
      if (list) list.push(r);
      else m.set(r.file, [r]);
    }
    return m;
  }, [rows]);
  if (rows.length === 0) return null;
  const max = rows.reduce((a, r) => Math.max(a, r.self), 0);
  const hot = hottestLines(rows);
  return (
    <div className="source-view">
      <h3>Source lines <span className="edges-count">({rows.length})</span></h3>
      <EditorLinkSetting />
      {[...byFile].map(([file, fileRows]) => (
        <SourceFile key={file} profile={profile} file={file} rows={fileRows} max={max} hot={hot} />
      ))}
    </div>
  );
}

function SourceFile({ profile, file, rows, max, hot }: { profile: Profile; file: string; rows: LineRow[]; max: number; hot: Set<LineRow> }) {
  const url = useProfileStore((s) => activeProfile(s)?.url ?? null);
  const text = useSourceText(url, file);
  const editorLink = useSourceStore((s) => s.editorLink);
  const lines = text.state === 'ok' ? text.lines : null;
  const excerpt = useMemo(() => excerptRows(rows, lines ? lines.length : null), [rows, lines]);
  const firstLine = rows.find((r) => r.line > 0)?.line ?? 1;
  // the hottest line of this file (`hot` holds the function's hottest over all its files, hottest first)
  const hottestHere = [...hot].find((r) => r.file === file);
  const href = editorHref(editorLink, file, hottestHere?.line ?? firstLine);
  const unit = profile.unit;
  return (
    <div className="source-file">
      <div className="source-head">
        <span className="source-path">{file || '(unknown file)'}</span>
        {href && <a className="source-editor" href={href} title={`Opens ${file} in your editor (${editorLink})`}>Open in editor</a>}
        <span className="source-status">
          {text.state === 'ok' ? `source ${text.from}` : text.state === 'loading' ? 'reading the source…' : `no source text: ${text.why}`}
        </span>
        {text.state === 'none' && <AddSources />}
      </div>
      <table className="source-lines" aria-label={`Cost per line of ${file}`}>
        <thead>
          <tr><th className="heat" aria-label="heat" /><th>line</th><th>self</th><th>total</th>{lines && <th className="code">source</th>}</tr>
        </thead>
        <tbody>
          {excerpt.slice(0, ROW_LIMIT).map((r) => r.kind === 'gap' ? (
            <tr key={`g${r.from}`} className="source-gap"><td /><td colSpan={lines ? 4 : 3}>⋯ lines {r.from}–{r.to}</td></tr>
          ) : (
            <tr key={r.cost && r.line === 0 ? 'unknown' : r.line} className={r.cost && hot.has(r.cost) ? 'hot' : r.cost ? 'costly' : undefined} data-line={r.line}>
              <td className="heat">{r.cost && max > 0 && <span style={{ width: `${Math.max(2, (r.cost.self / max) * 100)}%` }} />}</td>
              <td className="num lineno">{r.line > 0 ? r.line : '?'}</td>
              <td className="num" title={r.cost ? formatPercent(r.cost.self, profile.total) : undefined}>{r.cost ? formatWeight(r.cost.self, unit) : ''}</td>
              <td className="num">{r.cost ? formatWeight(r.cost.total, unit) : ''}</td>
              {lines && <td className="code">{r.line > 0 ? lines[r.line - 1] ?? '' : ''}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {excerpt.length > ROW_LIMIT && <p className="edges-none">and {excerpt.length - ROW_LIMIT} more rows</p>}
    </div>
  );
}

/** A picker for source files, for profiles opened without the profburst command. */
function AddSources() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="source-add" onClick={() => input.current?.click()}>Add source files…</button>
      <input
        ref={input}
        type="file"
        multiple
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Source files"
        onChange={(e) => {
          // what the user picks here is a source file whatever its extension
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          addSources(files);
        }}
      />
    </>
  );
}

/** The editor link's template, kept in this browser (localStorage). */
function EditorLinkSetting() {
  const template = useSourceStore((s) => s.editorLink);
  return (
    <details className="source-settings">
      <summary>Editor link</summary>
      <label>
        Template ({'{path}'} and {'{line}'} are replaced){' '}
        <input type="text" value={template} spellCheck={false} size={36} onChange={(e) => useSourceStore.getState().setEditorLink(e.target.value || DEFAULT_EDITOR_LINK)} />
      </label>
    </details>
  );
}
