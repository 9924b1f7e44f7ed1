import { ALL_VIEWS, type ProfileFormat } from '../format';
import { looksLikePerfScript } from './detect';
import { importPerfAll } from './perf';

// the importer, for code that needs this one format (tests, the CLI's converters)
export { importPerf, importPerfAll } from './perf';

export const perf: ProfileFormat = {
  id: 'perf',
  displayName: 'perf script',
  detect: ({ bytes, start }) => (!start.startsWith('{') && !start.startsWith('[') && looksLikePerfScript(bytes) ? 'sure' : 'no'),
  importAll: importPerfAll,
  views: ALL_VIEWS,
};
