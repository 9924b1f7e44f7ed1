// @vitest-environment jsdom
import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { importCollapsed } from '../core/formats/collapsed';
import { callersAndCallees } from '../core/stats/callers';
import { AT_ONCE_NODES, useCallersAndCallees } from './callersInSteps';

/** A sampled profile (no call graph) of `stacks` distinct stacks under main;f0..f96 */
function sampled(stacks: number) {
  const lines: string[] = [];
  for (let i = 0; i < stacks; i++) lines.push(`main;f${i % 97};g${i};f${i % 97} ${1 + (i % 5)}`);
  return importCollapsed(new TextEncoder().encode(lines.join('\n')));
}

describe('useCallersAndCallees', () => {
  it('answers a small tree at once', () => {
    const p = sampled(100);
    const f3 = p.frames.findIndex((f) => f.name === 'f3');
    const { result } = renderHook(() => useCallersAndCallees(p, f3));
    expect(result.current).toEqual(callersAndCallees(p, f3));
  });

  it('walks a big tree in later tasks, not in the render, and gives the same edges', async () => {
    const p = sampled(60_000);
    expect(p.graph).toBeNull();
    expect(p.tree.size).toBeGreaterThan(AT_ONCE_NODES);
    const f3 = p.frames.findIndex((f) => f.name === 'f3');
    const { result } = renderHook(() => useCallersAndCallees(p, f3));
    expect(result.current).toBeNull();
    await waitFor(() => expect(result.current).not.toBeNull());
    expect(result.current).toEqual(callersAndCallees(p, f3));
  });
});
