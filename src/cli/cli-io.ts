import { DynamicModule, Inject, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandRunner } from 'nest-commander';
import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/config.js';

/** Where commands write: the terminal by default, a buffer in tests. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** True when stderr is a terminal (progress bars are drawn only then). */
  interactive: boolean;
}

export const CLI_IO = Symbol('CLI_IO');
export const CLI_CONFIG = Symbol('CLI_CONFIG');

export const terminalIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  interactive: Boolean(process.stderr.isTTY),
};

/** A command failed for a reason the user can fix; printed without a stack trace. */
export class CliError extends Error {}

/**
 * Every command: given where to write and the service's configuration, prints what it did, and on
 * failure a clear message and a non-zero exit code (process.exitCode, so pending output is flushed
 * and the database closed first).
 */
export abstract class CliCommand extends CommandRunner {
  constructor(
    @Inject(CLI_IO) protected readonly io: CliIo,
    @Inject(CLI_CONFIG) protected readonly config: AppConfig,
  ) {
    super();
  }

  protected abstract execute(params: string[], options: Record<string, unknown>): Promise<void>;

  async run(params: string[], options: Record<string, unknown> = {}): Promise<void> {
    try {
      await this.execute(params, options);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.io.err(`error: ${message}`);
      if (e instanceof DomainError && Array.isArray(e.details)) {
        for (const d of e.details) this.io.err(`  - ${d.field ? `${d.field}: ` : ''}${d.message}`);
      } else if (!(e instanceof CliError) && !(e instanceof DomainError) && e instanceof Error && e.stack) {
        this.io.err(e.stack.split('\n').slice(1, 4).join('\n'));
      }
      process.exitCode = 1;
    }
  }
}

/**
 * Opens the application's services (same modules, migrations and rules as the HTTP service) for one
 * command and closes them afterwards.
 */
export async function withApp<T>(
  module: DynamicModule,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(module, { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
