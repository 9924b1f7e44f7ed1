import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORPUS, readJson } from '../support/corpus';

// The installed command, as `npx profburst` runs it: bin/profburst.js and the bundle that
// `npm ci` builds through `prepare`.
const bin = fileURLToPath(new URL('../../bin/profburst.js', import.meta.url));

describe('bin/profburst.js', () => {
  it('prints stats --json with the total pstats prints', () => {
    const file = join(CORPUS, 'seed/report.prof');
    const out = JSON.parse(execFileSync(process.execPath, [bin, 'stats', file, '--json'], { encoding: 'utf8' })) as { total: number; format: string };
    expect(out.format).toBe('pstats');
    expect(Math.abs(out.total - readJson<{ total_tt: number }>(`${file}.pstats.json`).total_tt)).toBeLessThan(1e-9);
  });

  it('names the file and the problem for a file that is not a profile, with exit code 1', () => {
    const file = join(CORPUS, 'MANIFEST');
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [bin, 'stats', file], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = String((e as { stderr: string }).stderr);
    }
    expect(status).toBe(1);
    expect(stderr).toContain('MANIFEST');
    expect(stderr).toContain('not a profile');
  });
});
