/// <reference lib="webworker" />
// Applies a transform stack off the main thread (issue 16). The page sends each original profile
// once (copied: the page keeps showing it) under its key; later requests name the key and the
// stack, and the stack is replayed from that original each time, so undo is exact.
import type { Frame, Profile } from '../core/model';
import { applyTransforms } from '../core/transforms/apply';
import type { Transform, TransformNote } from '../core/transforms/types';
import { prepare } from './prepare';
import { transferablesOf, type Prepared } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

export type TransformRequest =
  | { type: 'apply'; id: number; key: number; original?: Profile; stack: Transform[] }
  | { type: 'forget'; keys: number[] };

export type TransformReply =
  | { id: number; ok: true; unchanged: boolean; profile: Profile | null; prepared: Prepared | null; addedFrames: Frame[]; notes: TransformNote[]; ms: number }
  | { id: number; ok: false; message: string };

const originals = new Map<number, Profile>();

self.onmessage = (e: MessageEvent<TransformRequest>) => {
  const msg = e.data;
  if (msg.type === 'forget') {
    for (const k of msg.keys) originals.delete(k);
    return;
  }
  if (msg.original) originals.set(msg.key, msg.original);
  const original = originals.get(msg.key);
  if (!original) {
    self.postMessage({ id: msg.id, ok: false, message: 'the profile is no longer in the transform worker' } satisfies TransformReply);
    return;
  }
  try {
    const t0 = performance.now();
    const { profile, notes } = applyTransforms(original, msg.stack);
    if (profile === original) {
      self.postMessage({ id: msg.id, ok: true, unchanged: true, profile: null, prepared: null, addedFrames: [], notes, ms: performance.now() - t0 } satisfies TransformReply);
      return;
    }
    const prepared = prepare(profile);
    const ms = performance.now() - t0;
    // the original stays here: move only the buffers the result does not share with it
    const kept = new Set(transferablesOf([original]));
    const transfer = transferablesOf([profile], [prepared]).filter((b) => !kept.has(b));
    const addedFrames = profile.frames.slice(original.frames.length);
    self.postMessage({ id: msg.id, ok: true, unchanged: false, profile: { ...profile, frames: [] }, prepared, addedFrames, notes, ms } satisfies TransformReply, transfer);
  } catch (err) {
    self.postMessage({ id: msg.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies TransformReply);
  }
};
