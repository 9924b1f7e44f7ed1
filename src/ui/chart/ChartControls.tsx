import { memo, useEffect, useState } from 'react';
import { useViewStore } from '../../state/viewStore';
import { percentLabel } from './HiddenNote';

const CUTOFFS = [0, 0.0001, 0.001, 0.005, 0.01, 0.02, 0.05];
export const MAX_DEPTH = 200;

/** Direction (top-down or bottom-up), depth, cut-off, colour mode and reset, each with a label. */
export const ChartControls = memo(function ChartControls({ building, pseudo }: {
  building: boolean;
  /** the profile has (idle), (program) or (garbage collector) frames: offer to set them aside */
  pseudo: boolean;
}) {
  const hideIdle = useViewStore((s) => s.hideIdle);
  const hideGc = useViewStore((s) => s.hideGc);
  const depth = useViewStore((s) => s.depth);
  const cutoff = useViewStore((s) => s.cutoff);
  const colorMode = useViewStore((s) => s.colorMode);
  const inverted = useViewStore((s) => s.inverted);
  const fold = useViewStore((s) => s.fold);
  const { setFold, setDepth, setCutoff, setColorMode, setInverted, setZoom, select } = useViewStore.getState();
  // the depth box keeps what is typed until it is a number in range, so typing "12" passes through "1"
  const [draft, setDraft] = useState(String(depth));
  useEffect(() => setDraft(String(depth)), [depth]);
  const cutoffs = CUTOFFS.includes(cutoff) ? CUTOFFS : [...CUTOFFS, cutoff].sort((a, b) => a - b);

  return (
    <div className="chart-controls" role="group" aria-label="Chart controls">
      <span role="group" aria-label="Tree direction" className="toggle">
        <button type="button" aria-pressed={!inverted} onClick={() => setInverted(false)}>Top-down</button>
        <button type="button" aria-pressed={inverted} onClick={() => setInverted(true)} title="Functions with self time at the root, their callers outward">Bottom-up</button>
      </span>
      <label>
        Depth{' '}
        <input
          type="number"
          min={1}
          max={MAX_DEPTH}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            const n = Number(e.target.value);
            if (Number.isInteger(n) && n >= 1 && n <= MAX_DEPTH) setDepth(n);
          }}
          onBlur={() => setDraft(String(depth))}
        />{' '}
        levels
      </label>
      <label>
        Hide below{' '}
        <select value={String(cutoff)} onChange={(e) => setCutoff(Number(e.target.value))}>
          {cutoffs.map((c) => <option key={c} value={String(c)}>{c === 0 ? 'nothing (0%)' : percentLabel(c)}</option>)}
        </select>{' '}
        of the zoomed total
      </label>
      <label>
        Colour{' '}
        <select value={colorMode} onChange={(e) => setColorMode(e.target.value === 'self' ? 'self' : e.target.value === 'function' ? 'function' : 'package')}>
          <option value="package">by package</option>
          <option value="function">by function</option>
          <option value="self">by self time</option>
        </select>
      </label>
      <label title="A chain of frames that each call only one drawn function is one band; the depth counts bands">
        <input type="checkbox" checked={fold} onChange={(e) => setFold(e.target.checked)} /> Fold chains
      </label>
      {pseudo && (
        <span role="group" aria-label="Set aside" className="aside-toggles">
          <label title="Not drawn, and left out of the total the shares are of">
            <input type="checkbox" checked={hideIdle} onChange={(e) => useViewStore.getState().setHidden(e.target.checked, hideGc)} /> hide (idle), (program)
          </label>
          <label>
            <input type="checkbox" checked={hideGc} onChange={(e) => useViewStore.getState().setHidden(hideIdle, e.target.checked)} /> (garbage collector)
          </label>
        </span>
      )}
      <button type="button" onClick={() => { setZoom(0); select(null); }}>Reset zoom</button>
      {building && <span className="busy" aria-live="polite">building the bottom-up tree…</span>}
    </div>
  );
});
