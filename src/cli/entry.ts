import { main } from './main';

// `profburst convert ... | head`: the reader went away, which is not an error worth a stack trace
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

// main returns a promise for `serve`, which runs until Ctrl-C
process.exitCode = await main(process.argv.slice(2));
