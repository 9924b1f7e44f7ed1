import { ALL_VIEWS, type ProfileFormat } from '../format';
import { importPstats, looksLikePstats } from './pstats';

// the importer, for code that needs this one format (tests, the CLI's converters)
export { importPstats } from './pstats';

export const pstats: ProfileFormat = {
  id: 'pstats',
  displayName: 'cProfile .prof',
  // a marshalled dict with a tuple key: '{(' is never JSON
  detect: (sniff) => (looksLikePstats(sniff.bytes) ? 'sure' : 'no'),
  importAll: (bytes, options) => [importPstats(bytes, options)],
  importSource: (source, options) => [importPstats(source, options)],
  views: ALL_VIEWS,
};
