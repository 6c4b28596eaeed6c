import { runCli } from './run-cli.js';

/** `npm run cli -- <command>`: the admin command line (see docs/OPERATIONS.md). */
process.exitCode = await runCli(process.argv.slice(2));
