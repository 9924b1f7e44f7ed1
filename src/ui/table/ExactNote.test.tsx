// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { importCpuProfile } from '../../core/formats/cpuprofile';
import { importPstats } from '../../core/formats/pstats';
import { applyTransforms } from '../../core/transforms/apply';
import { Legend } from '../chart/Legend';
import { ExactNote } from './ExactNote';

// jsdom's import.meta.url is not a file URL: the corpus beside the repository, from where tests run
const CORPUS = join(process.cwd(), '../shared/corpus');
const readBytes = (path: string) => new Uint8Array(readFileSync(path));

const prof = importPstats(readBytes(join(CORPUS, 'requests/GET.root.0ms.1796324291.758972.prof')));
const cpu = importCpuProfile(readBytes(join(CORPUS, 'cpuprofile/small.cpuprofile')));

afterEach(cleanup);

describe('the note on the table of a profile whose chart holds estimates', () => {
  it('says the table is exact and the hatched nodes are not, for a profile with a call graph', () => {
    const { container } = render(<ExactNote profile={prof} />);
    expect(container.textContent).toBe('The table is exact: it reads the recorded per-function totals; the chart’s hatched nodes are estimates.');
  });

  it('says nothing for real stacks', () => {
    const { container } = render(<ExactNote profile={cpu} />);
    expect(container.textContent).toBe('');
  });

  it('says the table is an estimate once a transform made the estimated tree the profile', () => {
    const { profile } = applyTransforms(prof, [{ type: 'focus-subtree', path: [prof.tree.frame[0], prof.tree.frame[1]] }]);
    expect(profile.graph).toBeNull();
    const { container } = render(<ExactNote profile={profile} />);
    expect(container.textContent).toMatch(/^The table is summed from the chart’s tree.*estimates/);
  });
});

describe('the legend', () => {
  it('explains the hatching only when the chart has estimated nodes', () => {
    for (const mode of ['package', 'self'] as const) {
      const a = render(<Legend profile={prof} mode={mode} maxSelf={1} estimated />);
      expect(a.container.textContent).toContain('hatched: estimated from the call graph');
      a.unmount();
      const b = render(<Legend profile={cpu} mode={mode} maxSelf={1} estimated={false} />);
      expect(b.container.textContent).not.toContain('hatched');
      b.unmount();
    }
  });
});
