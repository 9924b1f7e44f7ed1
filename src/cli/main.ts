import { CONVERT, convertCommand } from './convert';
import { DIFF, diffCommand } from './diff';
import { helpText, type CommandSpec, type OptionTable } from './options';
import { SERVE, serveCommand } from './serve';
import { STATS, statsCommand } from './stats';

/** Each command: its option table (which its parser and its help read) and what runs it. */
const COMMANDS = new Map<string, { spec: CommandSpec<OptionTable>; run: (args: string[]) => number | Promise<number> }>([
  ['serve', { spec: SERVE, run: (args) => serveCommand(args) }],
  ['stats', { spec: STATS, run: statsCommand }],
  ['diff', { spec: DIFF, run: diffCommand }],
  ['convert', { spec: CONVERT, run: convertCommand }],
]);

/** Every command's usage and options, for `profburst --help`. */
export function overview(): string {
  return [...[...COMMANDS.values()].map((c) => helpText(c.spec)), 'profburst COMMAND --help: that command alone'].join('\n\n');
}

/** A number for commands that finish, a promise for `serve`, which runs until interrupted. */
export function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  const known = command === undefined ? undefined : COMMANDS.get(command);
  if (known) return known.run(rest);
  if (command === undefined || command === '-h' || command === '--help') {
    console.log(overview());
    return command === undefined ? 2 : 0;
  }
  // `profburst FILE...` and `profburst --watch DIR`: anything else is serve's
  return serveCommand(argv);
}
