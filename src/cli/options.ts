import { parseArgs } from 'node:util';

/**
 * The options of the CLI's commands, each defined once in a table that both the parser
 * (Node's util.parseArgs) and the help text read. `--name=value` and `--name value` both work;
 * an unknown option, a missing value or a value given to a switch is a usage error that names
 * the option and prints the command's usage, with exit code 2. A `multiple` option may be given
 * several times and its value is the list, in argv order.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** for string options: the value when the option is not given */
  default?: string;
  /** the value's name in the help text and in errors: N, NAME, KEY */
  value?: string;
  /** for string options: may be given several times, and the value is every one in argv order */
  multiple?: true;
  help: string;
}

export type OptionTable = Record<string, OptionSpec>;

export interface CommandSpec<T extends OptionTable> {
  /** the command lines, without "profburst " */
  synopsis: string[];
  /** what the arguments are, a line each, printed under the synopsis */
  notes: string[];
  options: T;
}

export type Values<T extends OptionTable> = {
  -readonly [K in keyof T]: T[K]['type'] extends 'boolean'
    ? boolean
    : T[K] extends { multiple: true } ? string[] : T[K] extends { default: string } ? string : string | undefined;
};

/** one command-line argument as parseArgs reads it, in argv order */
export type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

export interface Parsed<T extends OptionTable> {
  values: Values<T>;
  positionals: string[];
  /** options and positionals in argv order, for options whose order matters (transforms, diff's sides) */
  tokens: Token[];
}

/** Every command takes -h / --help. */
export const HELP = { help: { type: 'boolean', short: 'h', help: 'this help' } } as const satisfies OptionTable;

/**
 * Reads `args` against the command's table. Returns the exit code instead when there is nothing
 * more to do: 0 after printing the help, 2 after a usage error.
 */
export function parseCommand<T extends OptionTable>(spec: CommandSpec<T>, args: string[]): Parsed<T> | number {
  const parsed = parseOptions(spec.options, args);
  if (typeof parsed === 'string') return usageError(spec, parsed);
  if ((parsed.values as Record<string, unknown>).help === true) {
    console.log(helpText(spec));
    return 0;
  }
  return parsed;
}

/** The parse alone: the values, or the usage error in words. */
export function parseOptions<T extends OptionTable>(table: T, args: string[]): Parsed<T> | string {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, o] of Object.entries(table)) options[name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  // not strict: the checks below name the option in our words, and say what value it needs
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | string[] | boolean | undefined> = {};
  for (const [name, o] of Object.entries(table)) values[name] = o.type === 'boolean' ? false : o.default;
  // a repeatable option's default stands only when the option is not given at all
  const given = new Map<string, string[]>();
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    if (t.kind !== 'option') continue;
    const o = Object.hasOwn(table, t.name) ? table[t.name] : undefined;
    if (!o) return `unknown option ${t.rawName}`;
    if (o.type === 'boolean') {
      if (t.value !== undefined) return `${t.rawName} takes no value`;
      values[t.name] = true;
      continue;
    }
    // as parseArgs' strict mode: `--port --host h` is a missing value, not the port "--host"
    if (t.value === undefined || (!t.inlineValue && t.value.length > 1 && t.value.startsWith('-'))) {
      return `${t.rawName} needs ${o.value ?? 'a value'}${t.value === undefined ? '' : ` (for one that starts with '-': ${t.rawName}=${t.value})`}`;
    }
    if (!o.multiple) values[t.name] = t.value;
    else given.set(t.name, [...(given.get(t.name) ?? []), t.value]);
  }
  for (const [name, o] of Object.entries(table)) {
    if (o.multiple) values[name] = given.get(name) ?? (o.default === undefined ? [] : [o.default]);
  }
  return { values: values as Values<T>, positionals, tokens };
}

export function usageError<T extends OptionTable>(spec: CommandSpec<T>, message: string): number {
  console.error(`profburst: ${message}\n${helpText(spec)}`);
  return 2;
}

/** The command's usage and every option of its table, with its value, help and default. */
export function helpText<T extends OptionTable>(spec: CommandSpec<T>): string {
  const left = Object.entries(spec.options).map(([name, o]) => `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`);
  const width = Math.max(...left.map((l) => l.length));
  return [
    ...spec.synopsis.map((s, i) => `${i === 0 ? 'usage: ' : '       '}profburst ${s}`),
    ...spec.notes.map((n) => `  ${n}`),
    'options:',
    ...Object.values(spec.options).map((o, i) => `  ${left[i].padEnd(width)}  ${o.help}${o.multiple ? ' (repeatable)' : ''}${o.default !== undefined ? ` (default ${o.default})` : ''}`),
  ].join('\n');
}
