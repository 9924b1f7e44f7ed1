import { useFolderStore } from './folderStore';
import { useListStore } from './listStore';
import { useProfileStore } from './profileStore';
import { subtreeSizes } from '../core/tree/grow';
import { hottestFrame, subtreeSizesOf } from './derived';
import { builtInvertedTree, invertedTreeOf } from './displayTree';
import { EXAMPLE_URL } from './example';
import { followZoomPath } from './refine';
import { nodeAtFramePath } from '../core/tree/framePath';
import { readHash, writeHash, type HashView } from './viewHash';
import { addressOf, hashViewOf, keyedHashViewOf, resolveFrameKeys, viewStateOf } from './addressView';
import { watchProfiles } from './watch';
import { useViewStore } from './viewStore';
import { activeStack, useTransformStore } from './transformStore';
import { encodeTransforms } from './transformsHash';

/**
 * Keeps the address and the view in step: the view is written to the hash (a zoom as a new
 * history entry, so back and forward move through zooms; other changes replace the entry), and a
 * hash that changes by navigation is applied to the view, loading its profiles first if needed.
 */
export function startUrlSync(): () => void {
  let pending: HashView | null = null;
  let applying = false;

  const apply = (requested: HashView | null) => {
    let view = requested;
    applying = true;
    try {
      const profiles = useProfileStore.getState();
      const views = useViewStore.getState();
      const loadedNow = profiles.profiles[profiles.active];
      if (!view) {
        views.reset();
        // a dropped or picked file opens on its hot spot: the function with the most self time
        if (loadedNow) views.select(hottestFrame(loadedNow.profile));
        return;
      }
      if (view.profile !== undefined && view.profile < profiles.profiles.length) profiles.setActive(view.profile);
      const loaded = useProfileStore.getState().profiles[useProfileStore.getState().active];
      if (view.chart) views.setChart(view.chart);
      views.setTimeRange(view.range ?? null);
      views.setInverted(view.inverted ?? false);
      if (loaded) view = resolveFrameKeys(view, loaded.profile.frames);
      const path = view.zoomPath;
      // a different transform stack is applied in a worker first; the zoom follows on its tree
      const stackChanged = loaded !== undefined && encodeTransforms(view.transforms ?? []) !== encodeTransforms(activeStack());
      if (stackChanged) void useTransformStore.getState().setStack(view.transforms ?? [], view.inverted ? undefined : path);
      if (view.transformErrors) useTransformStore.setState({ error: view.transformErrors.join('; ') });
      if (loaded && path && view.inverted) {
        // the bottom-up tree is built in a worker: zoom once it is there
        void invertedTreeOf(loaded.profile.tree).then((inverted) => {
          applying = true;
          try {
            useViewStore.setState({ zoom: nodeAtFramePath(inverted, subtreeSizes(inverted), path) });
          } finally {
            applying = false;
          }
        });
      }
      const shown = loaded ? { tree: loaded.profile.tree, sizes: subtreeSizesOf(loaded.profile), frameCount: loaded.profile.frames.length, hottest: () => hottestFrame(loaded.profile) } : null;
      useViewStore.setState({ ...viewStateOf(view, shown, !view.inverted && !stackChanged), hoverNode: null });
      // a tree rebuilt from a call graph may hold the path only once refined (state/refine.ts)
      if (loaded && path && path.length > 1 && !view.inverted && !stackChanged) followZoomPath(loaded.key, path, zoomWithoutHistory);
    } finally {
      applying = false;
    }
  };

  const zoomWithoutHistory = (node: number) => {
    applying = true;
    try {
      useViewStore.getState().setZoom(node);
    } finally {
      applying = false;
    }
    write(false);
  };

  const currentHash = (): string => {
    const { profiles, active } = useProfileStore.getState();
    const loaded = profiles[active];
    const links = loaded && loaded.url === null ? useListStore.getState().links : null;
    const v = useViewStore.getState();
    const tree = loaded ? (v.inverted && builtInvertedTree(loaded.profile.tree)) || loaded.profile.tree : null;
    const view = hashViewOf(v, tree, active, activeStack());
    return writeHash(addressOf(profiles.map((p) => p.url), links, readHash(location.hash).title, view));
  };

  const write = (push: boolean) => {
    if (applying) return;
    const hash = currentHash();
    if (hash === location.hash || (hash === '' && location.hash === '')) return;
    const url = `${location.pathname}${location.search}${hash}`;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  };

  const open = (hash: string) => {
    const state = readHash(hash);
    if (state.urls.length === 0) {
      pending = null;
      void useProfileStore.getState().openUrls([EXAMPLE_URL]);
      return;
    }
    pending = state.view;
    // several URLs, or a base: the profile list (issue 14), which shows their merge or comparison
    if (state.base || state.urls.length > 1) {
      useListStore.getState().openLinks(state.urls, state.base ?? [], state.merge ?? false);
      return;
    }
    void useProfileStore.getState().openUrls(state.urls, state.title);
  };

  // After a load the address is written when the page is next idle: in Chromium,
  // history.replaceState first brings the document's layout up to date, so in the task after the
  // commit that shows a new profile it took 10 ms for a 200 MB perf file (43 ms with the machine
  // busy), and 19 ms still after the next frame (the chart's commit had followed); when idle,
  // 0.2 ms (issue 15's item 8: no main-thread task over 50 ms).
  let cancelWrite = () => {};
  const stopWrite = () => cancelWrite();
  const stopProfiles = useProfileStore.subscribe((s, prev) => {
    if (s.generation !== prev.generation) {
      apply(pending);
      pending = null;
      stopWrite();
      cancelWrite = whenIdle(() => write(false));
    } else if (s.active !== prev.active) {
      write(false);
    }
  });
  const stopView = useViewStore.subscribe((s, prev) => {
    if (useTransformStore.getState().busy) return; // the transform's own write follows
    if (s.zoom !== prev.zoom) write(true);
    else if (s.inverted !== prev.inverted || s.chart !== prev.chart || s.selectedFrame !== prev.selectedFrame || s.sort !== prev.sort || s.reversed !== prev.reversed || s.search !== prev.search || s.timeRange !== prev.timeRange || s.hideIdle !== prev.hideIdle || s.hideGc !== prev.hideGc) write(false);
  });
  // a transform is a step back and forward can take, as a zoom is
  const stopTransforms = useTransformStore.subscribe((s, prev) => {
    if (s.entries !== prev.entries) write(true);
  });
  const onPop = () => {
    const state = readHash(location.hash);
    const loadedUrls = [...new Set(useProfileStore.getState().profiles.map((p) => p.url).filter(Boolean))];
    const same = state.urls.length === 0 || (state.urls.length === loadedUrls.length && state.urls.every((u, i) => u === loadedUrls[i]));
    if (same) apply(state.view);
    else open(location.hash);
  };
  /** `profburst --watch`: a served file changed; read it again and keep the view where its functions still exist */
  const onFileChange = (changed: string) => {
    const { profiles, active } = useProfileStore.getState();
    const urls = [...new Set(profiles.map((p) => p.url).filter((u): u is string => u !== null))];
    const target = new URL(changed, location.href).href;
    if (!urls.some((u) => new URL(u, location.href).href === target)) return;
    const loaded = profiles[active];
    const v = useViewStore.getState();
    if (loaded) {
      const tree = (v.inverted && builtInvertedTree(loaded.profile.tree)) || loaded.profile.tree;
      pending = keyedHashViewOf(v, tree, loaded.profile.frames, active, activeStack());
    }
    void useProfileStore.getState().openUrls(urls, readHash(location.hash).title);
  };
  const stopWatch = watchProfiles(onFileChange, () => void useFolderStore.getState().refresh());
  void useFolderStore.getState().refresh();

  window.addEventListener('popstate', onPop);
  open(location.hash);
  return () => {
    stopWrite();
    stopWatch();
    stopProfiles();
    stopView();
    stopTransforms();
    window.removeEventListener('popstate', onPop);
  };
}

/**
 * Runs `f` once the page is idle (at most a second later), or after the next frame where the
 * browser has no idle callbacks (Safari); returns what cancels it.
 */
function whenIdle(f: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(f, { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => { timer = setTimeout(f); });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
