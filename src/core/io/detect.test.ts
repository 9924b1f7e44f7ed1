import { describe, expect, it } from 'vitest';
import { FORMATS } from '../formats/registry';
import { detectFormat } from './detect';

const text = (s: string) => new TextEncoder().encode(s);

describe('detectFormat', () => {
  it('gives each registered format one id', () => {
    expect(new Set(FORMATS.map((f) => f.id)).size).toBe(FORMATS.length);
  });

  it('lets a sure detector win over a fallback, wherever the two sit in the registry', () => {
    expect(detectFormat(text('{"ph": "X", "ts": 1}'))).toBe('chrome-trace');
    expect(detectFormat(text('{"nodes": [], "ph": "X"}'))).toBe('cpuprofile');
    expect(detectFormat(text('{"traceEvents": [], "nodes": []}'))).toBe('chrome-trace');
    expect(detectFormat(text('  [{"ph": "X"}]'))).toBe('chrome-trace');
    expect(detectFormat(text('{"anything": 1}'))).toBe('cpuprofile');
  });

  it('reads JSON as JSON even when a line of it looks like callgrind', () => {
    expect(detectFormat(text('{\nfn=main\n}'))).toBe('cpuprofile');
    expect(detectFormat(text('\uFEFFevents: Ir\nfn=main\n'))).toBe('callgrind');
  });

  it('knows nothing of an empty file or plain text', () => {
    expect(detectFormat(new Uint8Array(0))).toBe(null);
    expect(detectFormat(text('hello'))).toBe(null);
  });
});
