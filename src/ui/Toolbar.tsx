import { useRef } from 'react';
import { FORMAT_NAMES } from '../core/formats/detect';
import { formatWeight } from '../core/units';
import { activeProfile, useProfileStore } from '../state/profileStore';
import { useViewStore } from '../state/viewStore';
import { EXAMPLE_URL } from '../state/example';

export function Toolbar() {
  const input = useRef<HTMLInputElement>(null);
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
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) void openFiles(files);
        }}
      />
      <button type="button" onClick={() => void openUrls([EXAMPLE_URL])}>Example</button>
      <span role="group" aria-label="Chart style" className="toggle">
        <button type="button" aria-pressed={chart === 'sunburst'} onClick={() => setChart('sunburst')}>Sunburst</button>
        <button type="button" aria-pressed={chart === 'icicle'} onClick={() => setChart('icicle')}>Icicle</button>
      </span>
      <input
        type="search"
        aria-label="Search functions"
        placeholder="Search (text or /regex/)"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
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
          {profile.name} · {FORMAT_NAMES.get(profile.format)} · total {formatWeight(profile.total, profile.unit)}
        </span>
      )}
    </header>
  );
}
