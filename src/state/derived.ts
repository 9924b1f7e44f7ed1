import type { Profile } from '../core/model';
import { subtreeSizes } from '../core/tree/grow';

// Derived once per profile object and shared by every component that needs it.
const sizes = new WeakMap<Profile, Int32Array>();

export function subtreeSizesOf(profile: Profile): Int32Array {
  let s = sizes.get(profile);
  if (!s) {
    s = subtreeSizes(profile.tree);
    sizes.set(profile, s);
  }
  return s;
}
