import { clockTime } from './clockTime';
import { useFolderStore } from '../state/folderStore';
import { activeProfile, useProfileStore } from '../state/profileStore';

/** The profiles of the folder `profburst DIR` serves, newest first; shown only in that mode. */
export function FolderPicker() {
  const active = useFolderStore((s) => s.active);
  const entries = useFolderStore((s) => s.entries);
  const follow = useFolderStore((s) => s.follow);
  const error = useFolderStore((s) => s.error);
  const setFollow = useFolderStore((s) => s.setFollow);
  const openUrls = useProfileStore((s) => s.openUrls);
  const current = useProfileStore(activeProfile);
  if (!active) return null;
  const currentPath = current?.url ? new URL(current.url, location.href).pathname : '';
  return (
    <div className="folder" role="group" aria-label="Profiles in the folder">
      <label>
        Folder{' '}
        <select aria-label="Folder profiles" value={currentPath} onChange={(e) => void openUrls([e.target.value])}>
          {!entries.some((e) => e.url === currentPath) && <option value="">(choose)</option>}
          {entries.map((e) => (
            <option key={e.url} value={e.url}>
              {e.name} · {clockTime(e.mtime)} · {(e.size / 1024).toFixed(0)} KiB
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> merge new profiles as they arrive
      </label>
      {error && <span className="folder-error">{error}</span>}
    </div>
  );
}
