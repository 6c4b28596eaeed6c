import 'reflect-metadata';
import { CommandFactory, CommandRunnerService } from 'nest-commander';
import { ConfigError, loadConfig, processEnv } from '../config/config.js';
import { CliIo, terminalIo } from './cli-io.js';
import { CliModule } from './cli.module.js';

/**
 * Runs one command line (`['backup', 'x.sqlite']`) and answers the exit code. The configuration is
 * the service's own (DATABASE_PATH, DATABASE_URL, ...), read from `env`.
 */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined> = processEnv(),
  io: CliIo = terminalIo,
): Promise<number> {
  let config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.err(e.message);
    return 1;
  }
  const previous = process.exitCode;
  process.exitCode = 0;
  const app = await CommandFactory.createWithoutRunning(CliModule.forRoot(config, io), {
    logger: ['error'],
    cliName: 'camket',
    // commander's own outcomes (unknown command, missing argument, --help): it has printed them;
    // throwing stops it from calling process.exit.
    errorHandler: (err) => {
      process.exitCode = (err as { exitCode?: number }).exitCode ?? 1;
      throw err;
    },
    serviceErrorHandler: (err) => {
      if (!('exitCode' in err)) {
        io.err(`error: ${err.message}`);
        process.exitCode = 1;
      }
    },
    outputConfiguration: { writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) },
  });
  try {
    await app.get(CommandRunnerService).run(['node', 'camket', ...argv]);
  } finally {
    await app.close();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = previous;
  return code;
}
