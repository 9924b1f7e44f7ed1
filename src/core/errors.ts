/**
 * The one error an importer may throw. It names the format, what is wrong and where
 * (a line for text formats, a byte offset for binary and JSON), so the page can say it in plain words.
 */
export class ProfileFormatError extends Error {
  readonly format: string;
  readonly where: string;
  readonly problem: string;

  constructor(format: string, problem: string, where = '') {
    super(`${format}: ${problem}${where ? ` (at ${where})` : ''}`);
    this.name = 'ProfileFormatError';
    this.format = format;
    this.problem = problem;
    this.where = where;
  }
}
