import { vi } from 'vitest';
import { main } from '../../src/cli/main';

/** Runs `profburst ARGV` in this process, with what it prints on stdout and stderr. */
export function runCli(argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [], err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
  const error = vi.spyOn(console, 'error').mockImplementation((s: string) => void err.push(s));
  try {
    const code = main(argv);
    if (typeof code !== 'number') throw new Error('expected a finished command');
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}
