// The entry for code outside core/formats that reads a profile of any format: the dispatch itself
// lives in core/io (decompress, detect, pick the importer from registry.ts).
export { detectFormat } from '../io/detect';
export { decompress, importProfile, importProfiles, scansThroughWindow } from '../io/import';
export { FORMATS, formatById, formatName } from './registry';
