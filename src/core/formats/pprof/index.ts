import { ALL_VIEWS, type ProfileFormat } from '../format';
import { looksLikePprof } from './detect';
import { importPprof } from './pprof';

// the importer, for code that needs this one format (tests, the CLI's converters)
export { importPprof } from './pprof';

export const pprof: ProfileFormat = {
  id: 'pprof',
  displayName: 'pprof',
  // protobuf has no magic number: the start must read as profile.proto's fields (see looksLikePprof)
  detect: (sniff) => (looksLikePprof(sniff.bytes) ? 'sure' : 'no'),
  importAll: (bytes, options) => [importPprof(bytes, options)],
  views: ALL_VIEWS,
};
