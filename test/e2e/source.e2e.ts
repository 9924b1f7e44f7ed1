import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pageUrl } from '../../src/cli/serve';
import { startServer } from '../../src/cli/server';
import { CORPUS } from '../support/corpus';
import { openPage, useBrowser } from './browser';

const browser = useBrowser();
const ORACLE = fileURLToPath(new URL('../support/oracles/callgrind_lines_oracle.py', import.meta.url));
// the program the corpus's callgrind files profiled, as /tmp/demo-project/work.c when they were made
const WORK_C = join(CORPUS, '../corpus-tools/work.c');

interface LinesOracle { files: Record<string, { self: Record<string, number> }> }

const corpusUrl = (file: string) => new URL(`../corpus/${file}`, inject('baseUrl')).href;
const digits = (s: string | null) => Number((s ?? '').replace(/[^\d]/g, ''));

async function selectFunction(page: Page, name: string): Promise<void> {
  await page.getByLabel('Search functions').fill(name);
  await page.locator('.stats-table tbody tr', { has: page.locator('.fn-name', { hasText: new RegExp(`^${name}$`) }) }).first().click();
  await page.locator('.function-panel .fn-name', { hasText: name }).waitFor();
}

describe('source view', () => {
  it('lists a callgrind function\'s lines with callgrind_annotate\'s counts, then its source once the file is given', async () => {
    const file = 'callgrind/default.callgrind';
    const oracle = JSON.parse(execFileSync('python3', [ORACLE, join(CORPUS, file)], { encoding: 'utf8' })) as LinesOracle;
    const want = oracle.files['/tmp/demo-project/work.c'].self;
    const { page, errors } = await openPage(browser(), `${inject('baseUrl')}#url=${encodeURIComponent(corpusUrl(file))}`);
    await page.locator('.stats-table tbody tr').first().waitFor();
    // -O2 inlined work() and checksum() into main: its lines are those of work.c that no other function has
    await selectFunction(page, 'main');
    const others = new Set(['9', '11', '12', '14']); // fib, is_even, is_odd, cmp

    const view = page.locator('.source-view');
    const block = view.locator('.source-file').filter({ has: page.getByRole('table', { name: 'Cost per line of /tmp/demo-project/work.c' }) });
    const table = block.getByRole('table');
    await table.waitFor();
    // without the text: only the lines with costs, each with callgrind_annotate's self count
    await expect.poll(() => block.locator('.source-status').textContent()).toContain('no source text');
    const rows = table.locator('tbody tr');
    const lines = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    const oracleLines = Object.keys(want).filter((l) => !others.has(l)).map(Number).sort((a, b) => a - b);
    expect(lines.map((cells) => Number(cells[1]))).toEqual(oracleLines);
    for (const cells of lines) expect(digits(cells[2])).toBe(want[cells[1]!]);
    // the hottest line is marked first among the hot ones, and the editor link opens the file there
    const hottest = oracleLines.reduce((a, b) => (want[b] > want[a] ? b : a));
    expect(await table.locator('tr.hot').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-line')))).toContain(String(hottest));
    expect(await block.getByRole('link', { name: 'Open in editor' }).getAttribute('href')).toBe(`vscode://file/tmp/demo-project/work.c:${hottest}`);

    // given the source (matched by file name), the lines appear beside their costs, with context
    await block.getByLabel('Source files').setInputFiles(WORK_C);
    await expect.poll(() => block.locator('.source-status').textContent()).toContain('from work.c');
    const text = readFileSync(WORK_C, 'utf8').split('\n');
    const code = (line: number) => table.locator(`tr[data-line="${line}"] td.code`).textContent();
    await expect.poll(() => code(hottest)).toBe(text[hottest - 1]);
    expect(await code(17)).toBe(text[16]);
    expect(await code(15)).toBe(text[14]); // context above the first costly line
    expect(digits(await table.locator(`tr[data-line="${hottest}"] td`).nth(2).textContent())).toBe(want[hottest]);
    expect(await table.locator('tr.source-gap').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('says there are no line costs for a pstats profile: no source section at all', async () => {
    const { page, errors } = await openPage(browser(), `${inject('baseUrl')}#url=${encodeURIComponent(corpusUrl('python/small.prof'))}`);
    await page.locator('.function-panel .fn-name').waitFor();
    expect(await page.locator('.source-view').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows a .cpuprofile function beside its source served by the profburst command from --source-root', async () => {
    // a real profile: node --cpu-prof on a script with one hot loop, in a folder of its own
    const dir = mkdtempSync(join(tmpdir(), 'profburst-source-'));
    const script = join(dir, 'hot.js');
    writeFileSync(script, [
      "'use strict';",
      'function spin(n) {',
      '  let x = 0;',
      '  for (let i = 0; i < n; i++) x += Math.sqrt(i) * Math.sin(i);',
      '  return x;',
      '}',
      'let total = 0;',
      'const until = Date.now() + 400;',
      'while (Date.now() < until) total += spin(20000);',
      'console.log(total > 0);',
      '',
    ].join('\n'));
    execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200', script], { stdio: 'ignore' });
    const profile = join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!);
    // the lines the file's positionTicks give spin(), summed over its nodes: the independent count
    const raw = JSON.parse(readFileSync(profile, 'utf8')) as { nodes: { callFrame: { functionName: string }; positionTicks?: { line: number; ticks: number }[] }[] };
    const ticks = new Map<number, number>();
    for (const n of raw.nodes) if (n.callFrame.functionName === 'spin') for (const t of n.positionTicks ?? []) ticks.set(t.line, (ticks.get(t.line) ?? 0) + t.ticks);
    expect(ticks.size).toBeGreaterThan(0);

    const server = await startServer({ distRoot: fileURLToPath(new URL('../../dist/', import.meta.url)), sourceRoots: [dir], files: [profile] });
    try {
      const { page, errors } = await openPage(browser(), pageUrl(server.origin, server.profileUrls, { watch: false, dir: false }));
      await page.locator('.stats-table tbody tr').first().waitFor();
      await selectFunction(page, 'spin');
      const block = page.locator('.source-view .source-file');
      await expect.poll(() => block.locator('.source-status').textContent()).toContain('served by profburst');
      const text = readFileSync(script, 'utf8').split('\n');
      // every line with ticks is listed beside its own text; the hottest by ticks is marked
      for (const line of ticks.keys()) {
        expect(await block.locator(`tr[data-line="${line}"] td.code`).textContent()).toBe(text[line - 1]);
      }
      const hottest = [...ticks].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
      expect(await block.locator('tr.hot').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-line')))).toContain(String(hottest));
      expect(await block.getByRole('link', { name: 'Open in editor' }).getAttribute('href')).toBe(`vscode://file${script}:${hottest}`);
      expect(errors).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
