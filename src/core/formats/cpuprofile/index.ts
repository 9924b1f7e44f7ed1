import { ALL_VIEWS, type ProfileFormat } from '../format';
import { importCpuProfile } from './cpuprofile';

// the importer, for code that needs this one format (tests, the CLI's converters)
export { importCpuProfile } from './cpuprofile';

export const cpuprofile: ProfileFormat = {
  id: 'cpuprofile',
  displayName: 'V8 .cpuprofile',
  detect({ head, start }) {
    if (!start.startsWith('{')) return 'no';
    // any other JSON object is read as a .cpuprofile too, so its error names the missing keys
    return /"(nodes|samples|timeDeltas|startTime)"\s*:/.test(head) ? 'sure' : 'maybe';
  },
  importAll: (bytes, options) => [importCpuProfile(bytes, options)],
  views: ALL_VIEWS,
};
