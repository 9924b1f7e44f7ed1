import type { CallTree, Profile } from '../core/model';
import { subtreeSizes } from '../core/tree/grow';
import { framePath, nodeAtFramePath } from '../core/tree/framePath';
import { topFrames } from '../core/tree/estimated';
import { afterSplice, refinementFor, wholeTreeResolution, type TreeResolution } from '../core/tree/resolution';
import { spliceSubtree } from '../core/tree/splice';
import { RefineWorker } from '../worker/refineClient';
import { preparedOf, refinements, rememberPrepared, resolutions, subtreeSizesOf } from './derived';
import { useProfileStore } from './profileStore';
import { useViewStore } from './viewStore';

/**
 * A tree rebuilt from a call graph (pstats, callgrind) is built at import only down to a cut-off
 * (GRAPH_TREE_CUTOFF of the total): a finer one cost a 25 MB .prof half a million nodes. When the
 * chart zooms into a node too small for that cut-off, a worker rebuilds the node's subtree finer
 * and it is spliced in: the zoomed node and its ancestors keep their indexes, so the view stays.
 */
const worker = new RefineWorker();
/** per loaded profile (its key), a zoom path from the address still to be reached */
const wanted = new Map<number, { path: number[]; onZoom: (node: number) => void }>();

function resolutionOf(profile: Profile): TreeResolution | null {
  if (!profile.graph || !profile.graphTree) return null;
  const { tree, graphTree } = profile;
  return resolutions.get(tree, () => wholeTreeResolution(tree.size, graphTree.minWeight));
}

/** The subtree at `node` rebuilt with cut-off `minWeight`; null when the worker failed (the tree stays coarser, never wrong). */
function rebuild(profile: Profile, node: number, minWeight: number): Promise<CallTree | null> {
  const { graph, graphTree, tree } = profile;
  if (!graph || !graphTree) return Promise.resolve(null);
  return worker.rebuild({
    // only what the walk reads: the rest of the graph stays here
    graph: { size: graph.size, caller: graph.caller, callee: graph.callee, total: graph.total, ncalls: new Float64Array(0), primcalls: null, self: null },
    frameCount: profile.frames.length,
    inclusive: graphTree.inclusive,
    frame: tree.frame[node],
    weight: tree.total[node],
    ancestors: Int32Array.from(framePath(tree, node).slice(1, -1)),
    // what the subtree's estimate flags start from (core/tree/estimated.ts)
    tops: topFrames(tree),
    estimated: tree.estimated?.[node] === 1,
    minWeight,
  });
}

/**
 * Rebuilds the subtree at `node` of the loaded profile `key` if a zoom there needs it; true when
 * it did. Two asks for the same node of the same tree share one build.
 */
function refine(key: number, node: number): Promise<boolean> {
  const profile = useProfileStore.getState().profiles.find((p) => p.key === key)?.profile;
  if (!profile || node <= 0 || node >= profile.tree.size) return Promise.resolve(false);
  const builds = refinements.get(profile, () => new Map<number, Promise<boolean>>());
  let build = builds.get(node);
  if (!build) builds.set(node, (build = refineOnce(key, profile, node)));
  return build;
}

async function refineOnce(key: number, profile: Profile, node: number): Promise<boolean> {
  const r = resolutionOf(profile);
  const minWeight = r ? refinementFor(r, node, profile.tree.total[node]) : 0;
  // a recursion leaf is a call cut on purpose, not a subtree built too coarse
  if (!r || minWeight === 0 || profile.tree.recursion?.[node]) return false;
  const sub = await rebuild(profile, node, minWeight);
  const now = useProfileStore.getState().profiles.find((p) => p.key === key);
  if (!sub) return false;
  // another refinement came first: ask again on the tree as it is now
  if (now && now.profile !== profile && now.profile.graph === profile.graph) {
    const moved = nodeAtFramePath(now.profile.tree, subtreeSizesOf(now.profile), framePath(profile.tree, node));
    return moved > 0 ? refine(key, moved) : false;
  }
  if (now?.profile !== profile) return false; // another file or event
  const sizes = subtreeSizesOf(profile);
  const tree = spliceSubtree(profile.tree, sizes, node, sub);
  const next: Profile = { ...profile, tree };
  resolutions.set(tree, afterSplice(r, node, sizes[node], sub.size, minWeight));
  const newSizes = subtreeSizes(tree);
  const prepared = preparedOf(profile);
  // the table's orders and legend are per function and stay (the same rows: state/derived keeps
  // the orders sorted since by them). Without a Prepared the page works each out when asked: an
  // empty one would have said the table has no rows.
  if (prepared) rememberPrepared(next, { ...prepared, sizes: newSizes });
  // the zoom may have moved meanwhile, to a node whose index the splice changes: follow it by its path
  const view = useViewStore.getState();
  const zoomPath = !view.inverted && view.zoom > 0 && view.zoom < profile.tree.size ? framePath(profile.tree, view.zoom) : null;
  useProfileStore.setState((s) => ({ profiles: s.profiles.map((p) => (p.key === key ? { ...p, profile: next } : p)) }));
  if (zoomPath && useProfileStore.getState().profiles[useProfileStore.getState().active]?.key === key) {
    const zoom = nodeAtFramePath(tree, newSizes, zoomPath);
    if (zoom !== view.zoom) useViewStore.setState({ zoom, hoverNode: null });
    else useViewStore.setState({ hoverNode: null });
  }
  return true;
}

/**
 * A zoom path from the address (or history) on a tree that may not hold all of it yet: each time
 * the zoomed node has been refined the path is followed again, until it is reached or a
 * refinement adds nothing. onZoom sets the zoom without adding a history entry.
 */
export function followZoomPath(key: number, path: number[], onZoom: (node: number) => void): void {
  wanted.set(key, { path, onZoom });
  void onZoomed(useViewStore.getState().zoom);
}

const handling = new Map<string, Promise<void>>();

/** After a zoom: refines there, then follows a path from the address further (once per zoom). */
function onZoomed(node: number): Promise<void> {
  const { profiles, active } = useProfileStore.getState();
  const key = profiles[active]?.key;
  if (key === undefined || useViewStore.getState().inverted) return Promise.resolve();
  const id = `${key} ${node}`;
  let done = handling.get(id);
  if (!done) handling.set(id, (done = handleZoom(key, node).finally(() => handling.delete(id))));
  return done;
}

async function handleZoom(key: number, node: number): Promise<void> {
  await refine(key, node);
  const want = wanted.get(key);
  if (!want) return;
  const current = useProfileStore.getState().profiles.find((p) => p.key === key)?.profile;
  // the user zoomed elsewhere meanwhile: the address no longer leads
  if (!current || useViewStore.getState().zoom !== node) return void wanted.delete(key);
  const reached = nodeAtFramePath(current.tree, subtreeSizesOf(current), want.path);
  // the path goes no further, even refined: this is as close as the file allows
  if (reached === node) return void wanted.delete(key);
  if (framePath(current.tree, reached).length >= want.path.length) wanted.delete(key);
  want.onZoom(reached); // zooms there, and that zoom is refined in turn
}

/** Starts refining on zoom; returns the stop function. */
export function startTreeRefinement(): () => void {
  return useViewStore.subscribe((s, prev) => {
    if (s.zoom !== prev.zoom || s.inverted !== prev.inverted) void onZoomed(s.zoom);
  });
}
