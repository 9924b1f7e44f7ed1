import { ALL_VIEWS, ONE_STRING, type ProfileFormat } from '../format';
import { importGeckoAll, looksLikeGecko } from './gecko';

// the importer, for code that needs this one format (tests, the CLI's converters)
export { importGeckoAll } from './gecko';

export const gecko: ProfileFormat = {
  id: 'gecko',
  displayName: 'Firefox Profiler',
  // a Chrome trace may quote Gecko-like keys in its events: traceEvents settles it
  detect: ({ head, start }) => (start.startsWith('{') && !head.includes('"traceEvents"') && looksLikeGecko(head) ? 'sure' : 'no'),
  importAll: importGeckoAll,
  views: ALL_VIEWS,
  tabLimit: { ...ONE_STRING, reduce: 'Open it in the Firefox Profiler and upload or save a shorter range or fewer threads, or record a shorter time range.' },
};
