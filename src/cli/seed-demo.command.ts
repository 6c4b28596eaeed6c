import { Command } from 'nest-commander';
import { AppModule } from '../app.module.js';
import { vnToday } from '../common/dates.js';
import { CliCommand, CliError, withApp } from './cli-io.js';
import { DemoSeedRefused, describeDemoYear, seedDemo } from './demo-seeder.js';

/** Delegates to the demo seeder (src/cli/demo-seeder.ts), with the whole application as `npm run seed:demo` does. */
@Command({
  name: 'seed:demo',
  description: 'Fill an empty database with the demo organisation and print the demo logins',
})
export class SeedDemoCommand extends CliCommand {
  protected async execute(): Promise<void> {
    const started = Date.now();
    const result = await withApp(AppModule.forRoot(this.config), (app) =>
      seedDemo(app, { today: vnToday(), log: (line) => this.io.out(line) }).catch((e: unknown) => {
        throw e instanceof DemoSeedRefused ? new CliError(`seed:demo refused: ${e.message}`) : e;
      }),
    );
    const { members } = result;
    this.io.out(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.committees} committees, ${result.cells} cells, ` +
        `${members.total} members (${members.official} official, ${members.probationary} probationary, ${members.exempt} exempt).`,
    );
    this.io.out(`Demo logins (password for all: ${result.password}):`);
    for (const l of result.logins)
      this.io.out(`  ${l.username}  ${l.role}  ${l.memberName}: ${l.description}`);
    this.io.out(`The other cells' secretaries (same password): ${result.secretaryLogins.join(', ')}.`);
    this.io.out(describeDemoYear(result.year));
  }
}
