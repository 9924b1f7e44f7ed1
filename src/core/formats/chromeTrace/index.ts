import { ALL_VIEWS, ONE_STRING, type ProfileFormat } from '../format';
import { importChromeTraceAll } from './chromeTrace';

// the importer, for code that needs this one format (tests, the CLI's converters)
export { importChromeTrace, importChromeTraceAll } from './chromeTrace';

export const chromeTrace: ProfileFormat = {
  id: 'chrome-trace',
  displayName: 'Chrome trace',
  detect({ head, start }) {
    // an array of events; `[root thread 2] (root);main 5` is a collapsed stack, not JSON
    if (/^\[\s*([{[\]]|$)/.test(start) || (start.startsWith('{') && head.includes('"traceEvents"'))) return 'sure';
    // trace-event keys, unless the object also has a .cpuprofile's (whose detector then says 'sure')
    return start.startsWith('{') && /"(ph|pid|tid|ts)"\s*:/.test(head) ? 'maybe' : 'no';
  },
  importAll: importChromeTraceAll,
  views: ALL_VIEWS,
  tabLimit: { ...ONE_STRING, reduce: 'Record a shorter trace or fewer categories, or save one thread\'s CPU profile (.cpuprofile) from DevTools\' Performance panel.' },
};
