// @vitest-environment jsdom
import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { importCollapsed } from '../core/formats/collapsed';
import { callersAndCallees } from '../core/stats/callers';
import { importCallgrind } from '../core/formats/callgrind';
import { AT_ONCE_EDGES, AT_ONCE_NODES, useCallersAndCallees } from './callersInSteps';

/** A sampled profile (no call graph) of `stacks` distinct stacks under main;f0..f96 */
function sampled(stacks: number) {
  const lines: string[] = [];
  for (let i = 0; i < stacks; i++) lines.push(`main;f${i % 97};g${i};f${i % 97} ${1 + (i % 5)}`);
  return importCollapsed(new TextEncoder().encode(lines.join('\n')));
}

/** A callgrind profile whose call graph has `edges` edges: main calls h0..h{n}, each calls leaf */
function recorded(edges: number) {
  const lines = ['events: Ir', 'fl=a.c', 'fn=main', '1 5'];
  const n = Math.floor(edges / 2);
  for (let i = 0; i < n; i++) lines.push(`cfn=h${i}`, 'calls=1 1', `1 ${3 + (i % 7)}`);
  for (let i = 0; i < n; i++) lines.push(`fn=h${i}`, '1 1', 'cfn=leaf', 'calls=2 1', '1 2');
  lines.push('fn=leaf', '1 1');
  return importCallgrind(new TextEncoder().encode(lines.join('\n')));
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

  it('reads a big recorded call graph in a later task, not in the render, and gives the same edges', async () => {
    const p = recorded(30_000);
    expect(p.graph!.size).toBeGreaterThan(AT_ONCE_EDGES);
    const leaf = p.frames.findIndex((f) => f.name === 'leaf');
    const { result } = renderHook(() => useCallersAndCallees(p, leaf));
    expect(result.current).toBeNull();
    await waitFor(() => expect(result.current).not.toBeNull());
    expect(result.current!.source).toBe('graph');
    expect(result.current!.callers).toHaveLength(15_000);
    // each h_i calls leaf twice along its edge, as the file says
    expect(result.current!.callers.every((e) => e.ncalls === 2)).toBe(true);
    expect(result.current).toEqual(callersAndCallees(p, leaf));
  });
});
