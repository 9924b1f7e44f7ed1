import { useEffect, useRef } from 'react';
import { formatName } from '../core/formats/registry';
import { formatWeight } from '../core/units';
import { activeProfile, useProfileStore } from '../state/profileStore';
import { useListStore } from '../state/listStore';
import { useViewStore } from '../state/viewStore';
import { EXAMPLE_URL } from '../state/example';
import { isTextInput } from './chart/keyboard';
import { takeSources } from './source/takeSources';
import { searchOf } from '../state/derived';

export function Toolbar() {
  const input = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const openFiles = useProfileStore((s) => s.openFiles);
  const openUrls = useProfileStore((s) => s.openUrls);
  const loaded = useProfileStore(activeProfile);
  const profiles = useProfileStore((s) => s.profiles);
  const active = useProfileStore((s) => s.active);
  const setActive = useProfileStore((s) => s.setActive);
  const setEvent = useProfileStore((s) => s.setEvent);
  const chart = useViewStore((s) => s.chart);
  const search = useViewStore((s) => s.search);
  const { setChart, setSearch, reset } = useViewStore.getState();
  const profile = loaded?.profile;
  const searchBox = useRef<HTMLInputElement>(null);
  // shared with the chart and the table: computed once per profile and query
  const result = profile ? searchOf(profile, search) : null;

  // "/" anywhere but in a text field goes to the search box, as on GitHub or DevTools
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTextInput(e.target)) return;
      e.preventDefault();
      searchBox.current?.focus();
      searchBox.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <header className="toolbar">
      <strong className="brand">profburst</strong>
      <button type="button" onClick={() => input.current?.click()}>Open profile</button>
      <input
        ref={input}
        type="file"
        multiple
        aria-label="Profile files"
        className="visually-hidden"
        // the "Open profile" button opens it: one tab stop, not a second invisible one
        tabIndex={-1}
        onChange={(e) => {
          const files = takeSources([...(e.target.files ?? [])]);
          e.target.value = '';
          // several files make a profile list (merge, compare); one opens as before
          if (files.length > 1) useListStore.getState().addFiles(files);
          else if (files.length) void openFiles(files);
        }}
      />
      <button type="button" onClick={() => folder.current?.click()}>Open folder</button>
      <input
        ref={folder}
        type="file"
        multiple
        aria-label="Profile folder"
        className="visually-hidden"
        tabIndex={-1}
        {...{ webkitdirectory: '' }}
        onChange={(e) => {
          const files = takeSources([...(e.target.files ?? [])].filter((f) => !f.name.startsWith('.')));
          e.target.value = '';
          if (files.length) useListStore.getState().addFiles(files);
        }}
      />
      <button type="button" onClick={() => void openUrls([EXAMPLE_URL])}>Example</button>
      <span role="group" aria-label="Chart style" className="toggle">
        <button type="button" aria-pressed={chart === 'sunburst'} onClick={() => setChart('sunburst')}>Sunburst</button>
        <button type="button" aria-pressed={chart === 'icicle'} onClick={() => setChart('icicle')}>Icicle</button>
        <button type="button" aria-pressed={chart === 'timeline'} onClick={() => setChart('timeline')} title="Samples in time order; drag over the axis to select a time range">Timeline</button>
      </span>
      <span className="search">
        <input
          ref={searchBox}
          type="search"
          aria-label="Search functions"
          placeholder="Search (text or /regex/), press /"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          aria-invalid={result?.error ? true : undefined}
          aria-describedby="search-status"
        />
        <span id="search-status" className={result?.error ? 'search-status error' : 'search-status'} aria-live="polite" title={result?.error ?? undefined}>
          {!result || !search.trim() ? '' : result.error
            ? `bad regex: ${result.error.split(': ').pop()}`
            : `${result.rowCount.toLocaleString('en-US')} ${result.rowCount === 1 ? 'function matches' : 'functions match'}`}
        </span>
      </span>
      {profile && profile.events.length > 1 && (
        <label>
          Event{' '}
          <select aria-label="Event" value={profile.event} onChange={(e) => void setEvent(Number(e.target.value))}>
            {profile.events.map((ev, i) => <option key={ev + i} value={i}>{ev}</option>)}
          </select>
        </label>
      )}
      {profiles.length > 1 && (
        <label>
          Profile{' '}
          <select aria-label="Profile" value={active} onChange={(e) => { reset(); setActive(Number(e.target.value)); }}>
            {profiles.map((p, i) => <option key={p.key} value={i}>{p.profile.name}</option>)}
          </select>
        </label>
      )}
      {profile && (
        <span className="summary">
          {loaded?.url === EXAMPLE_URL && <strong className="example-label">Example: </strong>}
          {profile.name} · {formatName(profile.format)} · total {formatWeight(profile.total, profile.unit)}
        </span>
      )}
      {loaded?.url === EXAMPLE_URL && (
        // the page opens on the example: say that it is one, and how to see one's own
        <span className="drop-hint">Drop your own profile anywhere on the page</span>
      )}
    </header>
  );
}

