// `npm run build:python`: the Python package's wheel in dist-python/, carrying the built page
// (dist/) as package data and the npm CLI's bundle (dist-cli/profburst.js, run with node for
// `profburst stats` and `convert`). The package is staged in a temporary folder, so building leaves
// no build/ or egg-info in python/. Setuptools' own build backend makes the wheel, with no network
// and no pip: Debian's python3-setuptools is enough. `--no-page` reuses dist/ and dist-cli/ as they
// are (the e2e tests build dist/ in their setup). PYTHON picks the interpreter (default: Debian's).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const python = process.env.PYTHON || (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const out = join(repo, 'dist-python');

export function buildWheel({ page = true, outDir = out } = {}) {
  if (page) {
    execFileSync('npm', ['run', 'build:cli', '--silent'], { cwd: repo, stdio: 'inherit' });
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: repo, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
  const npmVersion = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version;
  const pyVersion = /^version = "([^"]+)"/m.exec(readFileSync(join(repo, 'python/pyproject.toml'), 'utf8'))?.[1];
  if (pyVersion !== npmVersion) throw new Error(`python/pyproject.toml's version ${pyVersion} is not package.json's ${npmVersion}`);
  for (const needed of ['dist/index.html', 'dist-cli/profburst.js']) {
    if (!existsSync(join(repo, needed))) throw new Error(`${needed} is missing: run npm run build and npm run build:cli`);
  }

  const stage = mkdtempSync(join(tmpdir(), 'profburst-wheel-'));
  try {
    cpSync(join(repo, 'python'), stage, {
      recursive: true,
      filter: (src) => !/(__pycache__|\.egg-info|[/\\]build|[/\\]page|[/\\]node)$/.test(src),
    });
    // without the source maps: 2 MB that only a debugger of the page itself would use
    cpSync(join(repo, 'dist'), join(stage, 'src/profburst/page'), { recursive: true, filter: (src) => !src.endsWith('.map') });
    mkdirSync(join(stage, 'src/profburst/node'));
    // .mjs: the bundle is an ES module with a top-level await, and no package.json says so here
    cpSync(join(repo, 'dist-cli/profburst.js'), join(stage, 'src/profburst/node/profburst.mjs'));
    mkdirSync(outDir, { recursive: true });
    for (const old of readdirSync(outDir)) if (old.endsWith('.whl')) rmSync(join(outDir, old));
    const built = spawnSync(python, ['-c', 'import sys; from setuptools import build_meta as b; print(b.build_wheel(sys.argv[1]))', outDir], {
      cwd: stage,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    // setuptools talks a lot; its words matter only when it fails
    if (built.status !== 0) throw new Error(`setuptools could not build the wheel (${python}):\n${built.stdout}${built.stderr}${built.error ?? ''}`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  const wheel = readdirSync(outDir).find((f) => f.endsWith('.whl'));
  if (!wheel) throw new Error(`no wheel in ${outDir}`);
  return join(outDir, wheel);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wheel = buildWheel({ page: !process.argv.includes('--no-page') });
  console.log(wheel);
}
