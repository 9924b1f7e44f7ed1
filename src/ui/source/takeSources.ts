import { isSourceFileName } from '../../core/source/sourcePaths';
import { useSourceStore } from '../../state/sourceStore';
import { droppedPath } from '../list/dropEntries';

/**
 * Keeps the source files among files dropped or picked (by their extension: .py, .js, .c, ...)
 * for the source view, and returns the others, the profiles. A profile dropped with its
 * program's folder thus opens with its source beside it, and a source file dropped alone does
 * not become an "unknown format" error.
 */
export function takeSources(files: File[]): File[] {
  const sources = files.filter((f) => isSourceFileName(f.name));
  if (sources.length === 0) return files;
  addSources(sources);
  return files.filter((f) => !isSourceFileName(f.name));
}

/** Keeps `files` as source files, each under the path it came with. */
export function addSources(files: File[]): void {
  useSourceStore.getState().addFiles(files.map((file) => ({ path: droppedPath(file), file })));
}
