import { useEffect, useMemo, useState } from 'react';
import type { Profile } from '../core/model';
import { callersAndCallees, callersAndCalleesOf, edgesFromTreeInSteps, type CallersAndCallees } from '../core/stats/callers';

// The function panel's callers and callees. A sampled profile has no call graph, so they come
// from one pass over the call tree: at a million nodes that pass was 35-100 ms inside the task
// that shows a profile (which selects its hottest function). Big trees are walked in steps of a
// few milliseconds, each its own task. A big recorded graph (callgrind, pstats) is read in one
// task of its own after the commit: at 100 000 edges its pass was 15-35 ms of the commit that
// shows the profile, on a machine where that commit was already near 50 ms. Small trees and
// graphs stay at once.

/** Trees up to this many nodes are walked at once (a few milliseconds). */
export const AT_ONCE_NODES = 100_000;
/** Recorded call graphs up to this many edges are read at once. */
export const AT_ONCE_EDGES = 20_000;
/** Nodes walked between reads of the clock. */
const STEP_NODES = 10_000;
/** Time a task may walk before it yields to the page. */
const STEP_MS = 8;

/** Callers and callees of `frame`, or null while they are worked out (or nothing is selected). */
export function useCallersAndCallees(profile: Profile, frame: number | null): CallersAndCallees | null {
  const graph = profile.graph;
  const later = frame !== null && (graph ? graph.size > AT_ONCE_EDGES : profile.tree.size > AT_ONCE_NODES);
  const atOnce = useMemo(() => (frame === null || later ? null : callersAndCallees(profile, frame)), [profile, frame, later]);
  const [stepped, setStepped] = useState<{ profile: Profile; frame: number; value: CallersAndCallees } | null>(null);
  useEffect(() => {
    if (frame === null || !later) return;
    if (graph) {
      const timer = setTimeout(() => setStepped({ profile, frame, value: callersAndCallees(profile, frame) }));
      return () => clearTimeout(timer);
    }
    const walk = edgesFromTreeInSteps(profile.tree, profile.frames.length, frame);
    let timer: ReturnType<typeof setTimeout>;
    const step = () => {
      const t0 = performance.now();
      let graph = walk.step(STEP_NODES);
      while (!graph && performance.now() - t0 < STEP_MS) graph = walk.step(STEP_NODES);
      if (graph) setStepped({ profile, frame, value: callersAndCalleesOf({ graph, fromTree: true }, frame) });
      else timer = setTimeout(step);
    };
    timer = setTimeout(step); // not in the commit that shows the panel
    return () => clearTimeout(timer);
  }, [profile, frame, later, graph]);
  if (atOnce) return atOnce;
  return stepped && stepped.profile === profile && stepped.frame === frame ? stepped.value : null;
}
