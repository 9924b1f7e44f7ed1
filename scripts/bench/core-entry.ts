// What the benchmark's child processes call: the same importers the worker and the CLI run,
// bundled by scripts/bench/build.mjs into bench/out/core.js (git-ignored).
export { importProfiles, scansThroughWindow } from '../../src/core/io/import';
export { detectFormat } from '../../src/core/io/detect';
export { importPerfAll } from '../../src/core/formats/perf/perf';
export { importCollapsed } from '../../src/core/formats/collapsed/collapsed';
export { functionRows, sortRows } from '../../src/core/stats/table';
export { subtreeSizes } from '../../src/core/tree/grow';
export { visibleSubtree } from '../../src/core/tree/visible';
// pieces, for timing phases while profiling the importers
export { scanPstats } from '../../src/core/formats/pstats/scan';
export { treeFromGraph } from '../../src/core/tree/fromGraph';
// transforms (scripts/bench/transforms.mjs)
export { applyTransforms } from '../../src/core/transforms/apply';
export { StackTreeBuilder } from '../../src/core/tree/fromStacks';
export { FrameTable } from '../../src/core/frames';
// merging many profiles (issue 14)
export { mergeProfiles } from '../../src/core/merge/index';
