import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
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
});
