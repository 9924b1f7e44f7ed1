// Browser tests drive Chromium through playwright-core: CHROME_PATH, else Debian's /usr/bin/chromium.
// On Debian as root, a missing Chromium is installed from Debian's packages; anywhere else we stop
// with one line that says how to get one.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROME_PATH || '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);
if (process.env.CHROME_PATH) {
  console.error(`CHROME_PATH=${process.env.CHROME_PATH} does not exist; point it at a Chromium or Chrome binary.`);
  process.exit(1);
}
const root = typeof process.getuid === 'function' && process.getuid() === 0;
if (root && existsSync('/usr/bin/apt-get') && existsSync('/etc/debian_version')) {
  console.log('Installing Debian\'s chromium for the browser tests (apt-get install -y chromium)...');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null', { stdio: 'inherit' });
  if (existsSync(path)) process.exit(0);
}
console.error('No Chromium found for the browser tests: install one (Debian: apt-get install chromium) or set CHROME_PATH to its binary.');
process.exit(1);
