import { useEffect, useState } from 'react';
import type { Profile } from '../core/model';
import type { TimelineReply, TimelineRequest } from '../worker/timelineProtocol';
import type { TimelineBoxes } from '../core/timeline/boxes';
import type { TimelineRows } from '../core/timeline/rows';
import { useViewStore } from './viewStore';

/** What the timeline draws: the boxes, their rows, and the profile's duration. */
export interface TimelineData {
  boxes: TimelineBoxes;
  rows: TimelineRows;
  duration: number;
}

// One worker for the timeline: it holds the last profile sent to it, so a range needs no copy.
let worker: Worker | null = null;
let nextId = 1;
let loadedKey = -1;
const pending = new Map<number, (reply: TimelineReply) => void>();
const keys = new WeakMap<Profile, number>();
let nextKey = 1;
const boxesOf = new WeakMap<Profile, Promise<TimelineData>>();
const rangeCache = new WeakMap<Profile, Map<string, Promise<Profile>>>();

function keyOf(profile: Profile): number {
  let k = keys.get(profile);
  if (k === undefined) keys.set(profile, (k = nextKey++));
  return k;
}

function send(request: TimelineRequest): Promise<TimelineReply> {
  if (!worker) {
    worker = new Worker(new URL('../worker/timeline.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<TimelineReply>) => {
      const resolve = pending.get(e.data.id);
      pending.delete(e.data.id);
      resolve?.(e.data);
    };
    // a worker that dies (out of memory) answers every pending request with an error and is replaced
    worker.onerror = (e) => {
      e.preventDefault();
      for (const [id, resolve] of pending) resolve({ type: 'error', id, message: e.message || 'the timeline worker stopped' });
      pending.clear();
      worker?.terminate();
      worker = null;
      loadedKey = -1;
    };
  }
  const w = worker;
  return new Promise((resolve) => {
    pending.set(request.id, resolve);
    w.postMessage(request);
  });
}

/** Sends the profile's tree and samples to the worker unless it holds them already. */
function load(profile: Profile): Promise<TimelineData> {
  let p = boxesOf.get(profile);
  if (p && loadedKey === keyOf(profile)) return p;
  const samples = profile.samples;
  if (!samples) return Promise.reject(new Error('this profile records no samples in time order'));
  const key = keyOf(profile);
  loadedKey = key;
  p = send({ type: 'load', id: nextId++, key, tree: profile.tree, samples, frameCount: profile.frames.length }).then((reply) => {
    if (reply.type !== 'boxes') throw new Error(reply.type === 'error' ? reply.message : 'unexpected reply');
    let duration = 0;
    for (let i = 0; i < reply.boxes.size; i++) if (reply.boxes.end[i] > duration) duration = reply.boxes.end[i];
    return { boxes: reply.boxes, rows: reply.rows, duration };
  });
  boxesOf.set(profile, p);
  return p;
}

/** The timeline of a profile with samples: null while the worker builds it. */
export function useTimeline(profile: Profile): { data: TimelineData | null; error: string | null } {
  const [state, setState] = useState<{ profile: Profile; data: TimelineData | null; error: string | null }>({ profile, data: null, error: null });
  useEffect(() => {
    let live = true;
    load(profile).then(
      (data) => { if (live) setState({ profile, data, error: null }); },
      (e: unknown) => { if (live) setState({ profile, data: null, error: e instanceof Error ? e.message : String(e) }); },
    );
    return () => { live = false; };
  }, [profile]);
  return state.profile === profile ? state : { data: null, error: null };
}

/** The profile of the samples in [from, to), built in the worker. */
export function profileInTimeRange(profile: Profile, from: number, to: number): Promise<Profile> {
  let cache = rangeCache.get(profile);
  if (!cache) rangeCache.set(profile, (cache = new Map<string, Promise<Profile>>()));
  const name = `${from} ${to}`;
  let p = cache.get(name);
  if (!p) {
    p = load(profile)
      .then(() => send({ type: 'range', id: nextId++, key: keyOf(profile), from, to }))
      .then((reply) => {
        if (reply.type !== 'range') throw new Error(reply.type === 'error' ? reply.message : 'unexpected reply');
        return { ...profile, tree: reply.tree, functions: { ...profile.functions, self: reply.functions.self, total: reply.functions.total }, samples: reply.samples, total: reply.total };
      });
    cache.clear(); // one range at a time is kept: the one in view
    cache.set(name, p);
  }
  return p;
}

/**
 * The profile every view but the timeline shows: the whole profile, or while a time range is
 * selected, the profile of that range (the whole one stays on screen while it is being built).
 */
export function useRangedProfile<P extends Profile | null>(profile: P): P {
  const range = useViewStore((s) => s.timeRange);
  const [ranged, setRanged] = useState<{ source: Profile; key: string; profile: P } | null>(null);
  const key = range ? `${range.start} ${range.end}` : '';
  useEffect(() => {
    if (!range || !profile?.samples) return;
    let live = true;
    profileInTimeRange(profile, range.start, range.end).then(
      (p) => { if (live) setRanged({ source: profile, key: `${range.start} ${range.end}`, profile: p as P }); },
      (e: unknown) => console.error('time range failed:', e),
    );
    return () => { live = false; };
  }, [profile, range]);
  if (!range || !profile?.samples) return profile;
  return ranged && ranged.source === profile && ranged.key === key ? ranged.profile : profile;
}
