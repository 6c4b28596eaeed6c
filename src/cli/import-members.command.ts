import { readFile } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'nest-commander';
import { Actor, systemActor } from '../common/actor.js';
import { Database } from '../common/database.service.js';
import { DomainError } from '../common/domain-error.js';
import { RowError } from '../imports/imports.rules.js';
import type { ImportErrorCode } from '../imports/imports.errors.js';
import { ImportsService, ImportStage } from '../imports/imports.service.js';
import { Organization } from '../organizations/organization.entity.js';
import { CliAppModule } from './cli-app.module.js';
import { CliCommand, CliError, withApp } from './cli-io.js';

interface ImportOptions {
  organization?: string;
  dryRun?: boolean;
}

const STAGE_LABEL: Record<ImportStage, string> = { read: 'Đọc tệp', validate: 'Kiểm tra', write: 'Ghi' };

@Command({
  name: 'import-members',
  arguments: '<file>',
  description: 'Import members from an XLSX or CSV file into the cells of one organisation (all or nothing)',
})
export class ImportMembersCommand extends CliCommand {
  @Option({
    flags: '-o, --organization <code>',
    description: 'code of the committee or cell whose cells may receive members',
    required: true,
  })
  parseOrganization(value: string): string {
    return value;
  }

  @Option({ flags: '--dry-run', description: 'check the file and list every bad row; write nothing' })
  parseDryRun(): boolean {
    return true;
  }

  protected async execute([file]: string[], options: ImportOptions): Promise<void> {
    const buffer = await readFile(file).catch((e: NodeJS.ErrnoException) => {
      throw new CliError(`Cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    });
    const started = Date.now();
    const bar = this.io.interactive
      ? new SingleBar({
          format: '{stage} [{bar}] {value}/{total} {duration_formatted}',
          hideCursor: true,
          clearOnComplete: true,
        })
      : null;
    let stage: ImportStage | null = null;
    const progress = (s: ImportStage, done: number, total: number) => {
      if (!bar) {
        if (s !== stage) this.io.err(`${STAGE_LABEL[s]}...`);
      } else if (s !== stage) {
        if (stage) bar.stop();
        bar.start(total, done, { stage: STAGE_LABEL[s].padEnd(9) });
      } else {
        bar.update(done);
      }
      stage = s;
    };
    const report = await withApp(CliAppModule.forRoot(this.config), async (app) => {
      const org = await app
        .get(Database)
        .read((em) => em.findOneBy(Organization, { code: options.organization! }));
      if (!org) throw new CliError(`No organisation with code "${options.organization}"`);
      // The command acts as a leader of that organisation: only its cells receive members.
      const actor: Actor = {
        ...systemActor('cli:import-members'),
        roles: [{ role: 'leader', organizationId: org.id, organizationPath: org.path }],
      };
      try {
        return await app.get(ImportsService).importMembers(actor, buffer, options.dryRun ?? false, progress);
      } catch (e) {
        if (!(e instanceof DomainError) || e.code !== ('IMPORT_INVALID_ROWS' satisfies ImportErrorCode))
          throw e;
        const errors = e.details as RowError[];
        const bad = new Set(errors.map((r) => r.row)).size;
        return { dryRun: false, totalRows: bad, validRows: 0, created: 0, errors };
      } finally {
        bar?.stop();
      }
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(2);
    if (report.errors.length > 0) {
      for (const e of report.errors) this.io.err(`  row ${e.row}, ${e.column || 'file'}: ${e.message}`);
      const bad = new Set(report.errors.map((e) => e.row)).size;
      throw new CliError(`${bad} row(s) are invalid; nothing was imported`);
    }
    this.io.out(
      options.dryRun
        ? `Checked ${report.totalRows} rows in ${seconds} s: all valid (dry run, nothing written).`
        : `Imported ${report.created} members from ${file} in ${seconds} s.`,
    );
  }
}
