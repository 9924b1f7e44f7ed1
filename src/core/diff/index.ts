export { diffFunctions, percentChange, rowStatus, type FunctionDiff, type FunctionDiffRow, type SideStats } from './functions';
export { diffPaths, type PathDiff } from './paths';
export { diffScale, type DiffScale } from './scale';
export { regressions } from './gate';
