import { ALL_VIEWS, type ProfileFormat } from '../format';
import { importCallgrind } from './callgrind';

// the importer, for code that needs this one format (tests, the CLI's converters)
export { importCallgrind, unitForEvent } from './callgrind';

export const callgrind: ProfileFormat = {
  id: 'callgrind',
  displayName: 'callgrind',
  detect({ head, start }) {
    if (start.startsWith('{') || start.startsWith('[')) return 'no'; // JSON, whatever its lines hold
    return /^(# callgrind format|version:|creator:|events:|cmd:|pid:|positions:|fl=|fn=|ob=)/m.test(head) ? 'sure' : 'no';
  },
  importAll: (bytes, options) => [importCallgrind(bytes, options)],
  views: ALL_VIEWS,
};
