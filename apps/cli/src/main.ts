#!/usr/bin/env node
import { runCli } from './cli.js';

// `pnpm tessera ...` from the repository root runs this package's script inside apps/cli; pnpm
// passes the directory the user typed the command in, so relative paths mean what they meant.
if (process.env.npm_lifecycle_event === 'tessera' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  process.stderr.write(`tessera: ${String(error)}\n`);
  process.exitCode = 1;
});
