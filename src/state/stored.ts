/**
 * Settings kept in this browser (localStorage). Storage may be refused (private mode, a sandboxed
 * frame, a full quota): then nothing is read and a setting lasts for this page only.
 */
export function readStored(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // refused: kept for this page only
  }
}
