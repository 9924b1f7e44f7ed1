import type { Profile } from '../core/model';
import { functionLabel } from '../core/stats/table';
import type { ListFile, ListRow } from './listProtocol';

/** A profile's row in the list: one pass over its functions for the hottest one. */
export function summarize(file: ListFile, profile: Profile): ListRow {
  const { self } = profile.functions;
  const root = profile.tree.size > 0 ? profile.tree.frame[0] : -1;
  let hot = -1;
  for (let f = 0; f < self.length; f++) if (f !== root && (hot < 0 || self[f] > self[hot])) hot = f;
  const total = profile.total;
  return {
    id: file.id,
    name: file.name,
    mtime: file.mtime,
    size: file.size,
    format: profile.format,
    unit: profile.unit.name,
    total,
    seconds: profile.unit.kind === 'time' ? total * profile.unit.seconds : NaN,
    hottest: hot >= 0 ? functionLabel(profile.frames[hot]) : '',
    hottestShare: hot >= 0 && total > 0 ? self[hot] / total : 0,
  };
}

export function failedRow(file: ListFile, message: string): ListRow {
  return { id: file.id, name: file.name, mtime: file.mtime, size: file.size, format: '', unit: '', total: 0, seconds: NaN, hottest: '', hottestShare: 0, error: message };
}
