import { useEffect, useState } from 'react';
import { describeNote, describeTransform } from '../../core/transforms/describe';
import { isTextInput } from '../chart/keyboard';
import { activeProfile, useProfileStore } from '../../state/profileStore';
import { activeStack, useTransformStore } from '../../state/transformStore';
import { useViewStore } from '../../state/viewStore';
import { ACTIONS, STACK_KEYS } from './actions';
import { useMenuStore } from './menuStore';
import { LibraryPanel } from './LibraryPanel';
import { useLibraryStore } from './libraryStore';

/**
 * The transform stack as chips above the chart: "Original" and one chip per transform; a click
 * goes back to that point, × removes one. Notes say what a drop took away and what was skipped.
 * Also the keys that work without the chart focused (on the selected function), the `?` help,
 * the hide-by-pattern box and the Libraries panel (what "only my code" counts as library code).
 */
export function TransformBar() {
  const loaded = useProfileStore(activeProfile);
  const entry = useTransformStore((s) => (loaded ? s.entries.get(loaded.key) : undefined));
  const busy = useTransformStore((s) => s.busy);
  const error = useTransformStore((s) => s.error);
  const help = useMenuStore((s) => s.help);
  const hiding = useMenuStore((s) => s.hiding);
  const libraries = useLibraryStore((s) => s.open);
  const [pattern, setPattern] = useState('');
  const { backTo, remove, push } = useTransformStore.getState();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTextInput(e.target)) return;
      const menus = useMenuStore.getState();
      if (e.key === '?') menus.setHelp(!menus.help);
      else if (e.key === 'h') menus.setHiding(true);
      else if (e.key === 'u') {
        const n = activeStack().length;
        if (n === 0) return;
        void useTransformStore.getState().backTo(n - 1);
      } else {
        // on the selected function (the chart's focused node handles its own keys first)
        const action = ACTIONS.find((a) => a.key === e.key);
        const frame = useViewStore.getState().selectedFrame;
        const { profiles, active } = useProfileStore.getState();
        const profile = profiles[active]?.profile;
        if (!action || !profile) return;
        const t = action.make({ frame: frame ?? -1, path: null }, profile.frames);
        if (!t || (frame === null && t.type !== 'only-my-code')) return;
        void useTransformStore.getState().push(t);
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!loaded) return null;
  const stack = entry?.stack ?? [];
  const frames = (entry?.original ?? loaded.profile).frames;
  const notes = (entry?.notes ?? []).map((n) => ({ n, text: describeNote(n, loaded.profile.unit) })).filter((x) => x.text);
  return (
    <div className="transform-bar">
      <div className="transform-chips" role="toolbar" aria-label="Transforms">
        <button type="button" className={stack.length === 0 ? 'chip current' : 'chip'} onClick={() => void backTo(0)} title="The profile as read">
          Original
        </button>
        {stack.map((t, i) => {
          const skipped = entry?.notes[i]?.skipped;
          return (
            <span key={i} className={`chip${i === stack.length - 1 ? ' current' : ''}${skipped ? ' skipped' : ''}`} data-transform={t.type}>
              <button type="button" className="chip-go" title={skipped ? `Skipped: ${skipped}` : 'Go back to this point'} onClick={() => void backTo(i + 1)}>
                {describeTransform(t, frames)}
              </button>
              <button type="button" className="chip-remove" aria-label={`Remove ${describeTransform(t, frames)}`} onClick={() => void remove(i)}>×</button>
            </span>
          );
        })}
        {busy && <span className="transform-busy" role="status">applying…</span>}
        <button type="button" className="libraries-button" aria-expanded={libraries} onClick={() => useLibraryStore.getState().setOpen(!libraries)} title="Which files are library code for “Only my code”">
          Libraries…
        </button>
        <button type="button" className="help-button" aria-expanded={help} onClick={() => useMenuStore.getState().setHelp(!help)} title="Keys and transforms">?</button>
      </div>
      {notes.length > 0 && (
        <p className="transform-notes" role="status">
          {notes.map(({ n, text }) => <span key={n.index}>{describeTransform(n.transform, frames)}: {text}. </span>)}
        </p>
      )}
      {error && <p className="transform-error" role="alert">{error} <button type="button" onClick={() => useTransformStore.getState().dismissError()}>Dismiss</button></p>}
      {hiding && (
        <form
          className="hide-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (pattern) void push({ type: 'hide', pattern });
            useMenuStore.getState().setHiding(false);
          }}
        >
          <label>
            Hide functions matching <input autoFocus value={pattern} onChange={(e) => setPattern(e.target.value)} placeholder="regular expression" onKeyDown={(e) => { if (e.key === 'Escape') useMenuStore.getState().setHiding(false); }} />
          </label>
          <button type="submit">Hide</button>
        </form>
      )}
      {help && <HelpPanel />}
      {libraries && <LibraryPanel profile={entry?.original ?? loaded.profile} />}
    </div>
  );
}

function HelpPanel() {
  return (
    <div className="help-panel" role="dialog" aria-label="Keys">
      <h2>Transforms</h2>
      <p>On the chart's focused node (Tab to the chart, arrows to move), or on the selected function; also from a right click on a node, a table row or a callers/callees row.</p>
      <dl>
        {ACTIONS.map((a) => (
          <div key={a.key}><dt><kbd>{a.key}</kbd></dt><dd>{a.label}</dd></div>
        ))}
        {STACK_KEYS.map((a) => (
          <div key={a.key}><dt><kbd>{a.key}</kbd></dt><dd>{a.label}</dd></div>
        ))}
      </dl>
      <p>Chips above the chart: click one to go back to that point, × to remove it. The stack is in the address, so a copied link shows the same view.</p>
      <button type="button" onClick={() => useMenuStore.getState().setHelp(false)}>Close</button>
    </div>
  );
}
