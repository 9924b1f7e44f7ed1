/**
 * User regular expressions run in the worker over every frame's name and file. JavaScript cannot
 * interrupt a regex, and a pattern such as `(a+)+$` against a long name backtracks for minutes,
 * so: patterns are short, quantified groups that are quantified again (the catastrophic shape)
 * are refused, and each string tested is cut to its first 2 000 characters.
 */
const MAX_PATTERN = 500;
const MAX_SUBJECT = 2000;

export function safeRegex(pattern: string): RegExp | string {
  if (pattern.length === 0) return 'an empty pattern';
  if (pattern.length > MAX_PATTERN) return `a pattern over ${MAX_PATTERN} characters`;
  // a group holding a quantifier, itself quantified: (a+)+, (a*)*, (?:a|aa)+ with inner repetition
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/.test(pattern)) {
    return 'a repeated group that repeats inside (such as (a+)+), which can take forever to match';
  }
  if (/\\[1-9]/.test(pattern)) return 'a back-reference, which can take forever to match';
  try {
    return new RegExp(pattern);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export function testCut(re: RegExp, s: string): boolean {
  return re.test(s.length > MAX_SUBJECT ? s.slice(0, MAX_SUBJECT) : s);
}
