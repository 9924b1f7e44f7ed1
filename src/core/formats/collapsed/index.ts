import { ALL_VIEWS, type ProfileFormat } from '../format';
import { importCollapsed } from './collapsed';
import { looksLikeCollapsed, startsLikeJson } from './detect';

// the importer, for code that needs this one format (tests, the CLI's converters)
export { importCollapsed } from './collapsed';

export const collapsed: ProfileFormat = {
  id: 'collapsed',
  displayName: 'collapsed stacks',
  // the broadest text format (any file of `frames COUNT` lines): a fallback any other format beats
  detect: ({ bytes, start }) => (!startsLikeJson(start) && looksLikeCollapsed(bytes) ? 'maybe' : 'no'),
  importAll: (bytes, options) => [importCollapsed(bytes, options)],
  views: ALL_VIEWS,
};
