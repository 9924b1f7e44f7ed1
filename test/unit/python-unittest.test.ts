import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The Python package's own tests (python/tests, unittest, standard library only) under Debian's
// python3, from the checkout: the server's rules and the middlewares' options and promises.
// The wheel, real apps and the page are in test/e2e/python-package.e2e.ts.
const PY = '/usr/bin/python3';
const havePython = existsSync(PY);
const python = fileURLToPath(new URL('../../python/', import.meta.url));

describe.skipIf(!havePython)(`python/tests${havePython ? '' : ` (skipped: no ${PY})`}`, () => {
  for (const module of ['test_server', 'test_sources', 'test_middleware']) {
    it(`${module}.py passes`, () => {
      const run = spawnSync(PY, ['-m', 'unittest', '-v', module], {
        cwd: `${python}tests`,
        encoding: 'utf8',
        env: { ...process.env, PYTHONPATH: `${python}src`, PYTHONDONTWRITEBYTECODE: '1' },
        timeout: 120_000,
      });
      // unittest reports on stderr: shown whole when it fails
      expect(run.status, run.stderr + run.stdout).toBe(0);
      expect(run.stderr).toMatch(/^Ran \d+ tests? in /m);
      expect(run.stderr).not.toMatch(/\.\.\. skipped|OK \(skipped/); // no test of them skipped quietly
    });
  }
});
