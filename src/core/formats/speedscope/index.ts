import { ALL_VIEWS, ONE_STRING, type ProfileFormat } from '../format';
import { importSpeedscopeAll, looksLikeSpeedscope } from './speedscope';

// the importer, for code that needs this one format (tests, the CLI's converters)
export { importSpeedscopeAll } from './speedscope';

export const speedscope: ProfileFormat = {
  id: 'speedscope',
  displayName: 'speedscope JSON',
  // sure, so it wins over the .cpuprofile's keys: a sampled speedscope profile has "samples" too
  detect: ({ start }) => (start.startsWith('{') && looksLikeSpeedscope(start) ? 'sure' : 'no'),
  importAll: importSpeedscopeAll,
  views: ALL_VIEWS,
  tabLimit: { ...ONE_STRING, reduce: 'Export a shorter recording or fewer profiles from the tool that wrote it, or write folded stacks instead (py-spy `--format raw`).' },
};
