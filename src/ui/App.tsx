import { startTransition, useEffect, useState } from 'react';
import { activeProfile, useProfileStore } from '../state/profileStore';
import { TransformBar } from './transforms/TransformBar';
import { TransformMenu } from './transforms/TransformMenu';
import { startTreeRefinement } from '../state/refine';
import { startUrlSync } from '../state/urlSync';
import { ErrorBanner, LoadingBanner, WarningBanner } from './Banners';
import { FolderPicker } from './FolderPicker';
import { filesOfDrop } from './list/dropEntries';
import { takeSources } from './source/takeSources';
import { ProfileList } from './list/ProfileList';
import { DiffPane } from './list/DiffPane';
import { compareOf } from '../state/compare';
import { useListStore } from '../state/listStore';
import { Breadcrumbs } from './Breadcrumbs';
import { Chart } from './chart/Chart';
import { EXAMPLE_URL } from '../state/example';
import { StatsTable } from './StatsTable';
import { Toolbar } from './Toolbar';
import { TimelinePane } from './timeline/TimelinePane';
import { useRangedProfile } from '../state/timeline';
import { useViewStore } from '../state/viewStore';

export function App() {
  const loaded = useProfileStore(activeProfile);
  const chart = useViewStore((s) => s.chart);
  // with a time range selected on the timeline, every other view shows only that range's samples
  const shown = useRangedProfile(loaded?.profile ?? null) ?? loaded?.profile;
  // whether, not how far: the progress changes every 50 ms, and each change re-rendered the page
  const loading = useProfileStore((s) => s.loading !== null);
  const openFiles = useProfileStore((s) => s.openFiles);
  const openUrls = useProfileStore((s) => s.openUrls);
  const [dragging, setDragging] = useState(false);
  // The workspace shown trails the active profile: a new profile first takes the old workspace
  // away (its unmount, effect clean-ups and all, in a commit of its own), then its own workspace
  // is rendered in a transition, which React renders in slices of a few ms between the page's
  // other work. Done in one commit, the two were one main-thread task of 60-140 ms on a big
  // profile (2 slow cores). The workspace never renders one profile's components with another's
  // view state: the old one is gone before the new one's view state is read.
  const key = loaded?.key ?? null;
  const [shownKey, setShownKey] = useState<number | null>(null);
  useEffect(() => {
    if (key !== shownKey) startTransition(() => setShownKey(key));
  }, [key, shownKey]);

  useEffect(() => startUrlSync(), []);
  useEffect(() => startTreeRefinement(), []);

  // the whole window is the drop zone
  useEffect(() => {
    let depth = 0;
    const over = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    };
    const enter = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      depth++;
      setDragging(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const dropped = [...(e.dataTransfer?.files ?? [])];
      // several files, or a folder: the profile list; one file opens as before
      void filesOfDrop(e.dataTransfer?.items ?? null, dropped).then(({ files: all, folder }) => {
        const files = takeSources(all);
        if (folder ? files.length > 0 : files.length > 1) useListStore.getState().addFiles(files);
        else if (files.length) void openFiles(files);
      });
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [openFiles]);

  return (
    <div className={dragging ? 'app dragging' : 'app'}>
      <Toolbar />
      <FolderPicker />
      <ProfileList />
      <LoadingBanner />
      <ErrorBanner />
      {loaded && <WarningBanner profile={loaded.profile} />}
      {loaded && shownKey !== loaded.key ? (
        <main className="workspace" aria-busy="true" />
      ) : loaded ? (
        <main className="workspace" key={loaded.key}>
          <section className="chart-pane" aria-label="Call tree chart">
            {chart === 'timeline' ? (
              <TimelinePane profile={loaded.profile} />
            ) : (
              <>
                <TransformBar />
                <Breadcrumbs profile={shown!} />
                <Chart profile={shown!} />
              </>
            )}
          </section>
          {compareOf(loaded.profile) ? (
            <section className="table-pane" aria-label="Comparison">
              <DiffPane compare={compareOf(loaded.profile)!} unit={loaded.profile.unit} />
            </section>
          ) : (
            <section className="table-pane" aria-label="Function statistics">
              <StatsTable profile={shown!} />
            </section>
          )}
        </main>
      ) : (
        <main className="empty">
          {!loading && (
            <>
              <p>Drop a profile anywhere on this page, or use “Open profile”.</p>
              <p>cProfile .prof, callgrind (valgrind, pyprof2calltree, Xdebug), V8 .cpuprofile, Chrome trace JSON, speedscope and Firefox Profiler JSON, plain or gzipped.</p>
              <button type="button" onClick={() => void openUrls([EXAMPLE_URL])}>Open the example profile</button>
            </>
          )}
        </main>
      )}
      <TransformMenu />
      <footer className="privacy">Profiles are read in this browser tab. Nothing is uploaded: files never leave your machine.</footer>
      {dragging && <div className="drop-overlay" aria-hidden="true">Drop to open</div>}
    </div>
  );
}
