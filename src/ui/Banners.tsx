import type { Profile } from '../core/model';
import { QUIET_LIMIT_MS, useProfileStore } from '../state/profileStore';

export function LoadingBanner() {
  const loading = useProfileStore((s) => s.loading);
  const cancel = useProfileStore((s) => s.cancel);
  if (!loading) return null;
  return (
    <div className="banner loading" role="status">
      <span>{loading.phase} {loading.name}…</span>
      <progress max={1} value={loading.fraction} aria-label="Progress" />
      {loading.quietMs ? (
        <span className="loading-quiet">
          no word from the import worker for {Math.floor(loading.quietMs / 1000)} s: busy with a long step, or stuck (it is stopped after {QUIET_LIMIT_MS / 1000} s)
        </span>
      ) : null}
      <button type="button" onClick={cancel}>Cancel</button>
    </div>
  );
}

export function ErrorBanner() {
  const error = useProfileStore((s) => s.error);
  const dismiss = useProfileStore((s) => s.dismissError);
  if (!error) return null;
  return (
    <div className="banner error" role="alert">
      <span>
        Could not open <strong>{error.subject}</strong>: {error.message}
      </span>
      <button type="button" onClick={dismiss} aria-label="Dismiss error">×</button>
    </div>
  );
}

/** What the importer repaired in the profile on screen (Profile.warnings), as the importer worded it. */
export function WarningBanner({ profile }: { profile: Profile }) {
  const warnings = profile.warnings;
  if (!warnings || warnings.length === 0) return null;
  return (
    <div className="banner warning" role="status">
      <span>
        <strong>{profile.name}</strong> was repaired while reading: {warnings.join('; ')}
      </span>
    </div>
  );
}
