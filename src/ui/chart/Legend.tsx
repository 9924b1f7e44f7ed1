import { memo } from 'react';
import type { Profile } from '../../core/model';
import { formatPercent, formatWeight } from '../../core/units';
import type { ColorMode } from '../../state/viewStore';
import { packageTimesOf } from '../../state/derived';
import { colorBySelf, packageColor } from './colors';

const SHOWN = 8;

/** "builtin:re" -> "re (built-in)", "/usr/lib/python3.11/json" -> "python3.11/json": the end of a path says the most. */
export function packageLabel(key: string): string {
  if (key.startsWith('builtin:')) return `${key.slice(8)} (built-in)`;
  if (key === 'builtin') return 'built-ins';
  const parts = key.split(/[\\/]/).filter(Boolean);
  return parts.length > 2 ? parts.slice(-2).join('/') : key;
}

/** What the stripes mean, in the legend of a chart that has any (the tree's estimated nodes). */
function EstimateKey() {
  return (
    <span className="legend-estimated" title="This profile records callers, not stacks: a hatched node's time is its function's time shared among its callers in proportion to what each recorded">
      <span className="swatch swatch-hatched" aria-hidden="true" />
      hatched: estimated from the call graph
    </span>
  );
}

/**
 * The colour key of the chart: top packages by self time, or the self-time scale; and, when the
 * chart has estimated nodes (`estimated`), what their hatching means.
 */
export const Legend = memo(function Legend({ profile, mode, maxSelf, estimated }: { profile: Profile; mode: ColorMode; maxSelf: number; estimated: boolean }) {
  if (mode === 'self') {
    return (
      <div className="legend" aria-label="Legend: self time scale">
        <span>self time</span>
        <span className="legend-scale" style={{ background: `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map(colorBySelf).join(', ')})` }} />
        <span>0 to {formatWeight(maxSelf, profile.unit)} (largest drawn)</span>
        {estimated && <EstimateKey />}
      </div>
    );
  }
  const packages = packageTimesOf(profile);
  const total = packages.reduce((s, p) => s + p.time, 0);
  const rest = packages.slice(SHOWN).reduce((s, p) => s + p.time, 0);
  return (
    <ul className="legend" aria-label="Legend: packages by self time">
      {packages.slice(0, SHOWN).map((p) => (
        <li key={p.key} title={`${p.key}: ${formatWeight(p.time, profile.unit)} self`}>
          <span className="swatch" style={{ background: packageColor(profile, p.key) }} aria-hidden="true" />
          {packageLabel(p.key)} <span className="legend-share">{formatPercent(p.time, total)}</span>
        </li>
      ))}
      {rest > 0 && <li className="legend-rest">{packages.length - SHOWN} more, {formatPercent(rest, total)}</li>}
      {estimated && <li><EstimateKey /></li>}
    </ul>
  );
});
