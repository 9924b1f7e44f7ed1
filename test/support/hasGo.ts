import { execFileSync } from 'node:child_process';

/** Whether Go's toolchain is installed: the tests read back with `go tool pprof` skip without it (CI installs golang-go). */
export const hasGo = (() => {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
