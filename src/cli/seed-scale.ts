import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import cliProgress from 'cli-progress';
import { DataSource, QueryRunner } from 'typeorm';
import { AppModule } from '../app.module.js';
import { PasswordHasher } from '../auth/passwords.js';
import { Commitment } from '../commitments/commitment.entity.js';
import { CommitmentFeedback } from '../commitments/commitment-feedback.entity.js';
import { CommitmentItem } from '../commitments/commitment-item.entity.js';
import { CommitmentTransition } from '../commitments/commitment-transition.entity.js';
import { AppConfig, ConfigError, loadConfig } from '../config/config.js';
import { ConductCheck, ConductCheckItem } from '../conduct-checks/conduct-check.entity.js';
import { DisciplinaryRecord } from '../discipline/disciplinary-record.entity.js';
import { Meeting, MeetingAttendance, MeetingPresentation } from '../meetings/meeting.entity.js';
import { Member } from '../members/member.entity.js';
import { MemberCellHistory } from '../members/member-cell-history.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { StudyTheme } from '../study-themes/study-theme.entity.js';
import { RoleAssignment } from '../auth/role-assignment.entity.js';
import { User } from '../auth/user.entity.js';
import { BatchWriter } from './seed-scale/batch-writer.js';
import { ScaleOptions, ScaleSeeder } from './seed-scale/seeder.js';

/**
 * `npm run seed:scale -- --members 10000 [--year 2026] [--seed 42] [--password ...]`
 *
 * Fills an empty database (DATABASE_PATH or DATABASE_URL, as the service) with a province-sized,
 * realistic and fully deterministic year: the same seed gives the same ids, names and statuses.
 * Organisation tree (root committee -> district committees when large -> grassroots committees ->
 * cells of 15-35 members), members with Vietnamese names, an account for every member and for a
 * leader of every committee, a year of yearly, quarterly and (in about a third of the cells) monthly
 * commitments with items, status history and feedback, monthly cell meetings and quarterly study
 * meetings with attendance, a yearly manifestation self-check concluded by the cell, a few
 * disciplinary records. Rows go in as multi-row INSERTs in chunks (under SQLite's bound-variable
 * limit) inside transactions, bypassing the services: a seed, not a workload. No audit entries are
 * written for seeded rows. Every account shares one argon2id hash of the given password.
 *
 * This file is the command. The data is drawn in seed-scale/ (seeder.ts, commitments.ts, from the
 * streams of draws.ts) and written by seed-scale/batch-writer.ts.
 */

function parseOptions(argv: string[]): ScaleOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      members: { type: 'string', default: '10000' },
      year: { type: 'string', default: '2026' },
      seed: { type: 'string', default: '42' },
      password: { type: 'string', default: 'Camket-scale-2026' },
    },
  });
  const members = Number(values.members);
  const year = Number(values.year);
  const seed = Number(values.seed);
  if (!Number.isInteger(members) || members < 30 || members > 6_000_000) {
    throw new Error('--members must be an integer from 30 to 6000000');
  }
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error('--year must be a year');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  if (values.password.length < 12) throw new Error('--password must be at least 12 characters');
  return { members, year, seed, password: values.password };
}

async function latestCatalog(qr: QueryRunner, catalog: string): Promise<number> {
  const rows = (await qr.query(
    `SELECT MAX("version") AS "v" FROM "catalog_version" WHERE "catalog" = ${qr.dataSource.options.type === 'postgres' ? '$1' : '?'}`,
    [catalog],
  )) as Array<{ v: number | string | null }>;
  return Number(rows[0]?.v ?? 1);
}

async function main(): Promise<void> {
  let config: AppConfig;
  let opts: ScaleOptions;
  try {
    config = loadConfig();
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (e instanceof ConfigError || e instanceof Error) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const where =
    config.database.type === 'better-sqlite3'
      ? `SQLite ${config.database.path}`
      : 'PostgreSQL (DATABASE_URL)';
  console.log(`seed:scale: ${opts.members} members, year ${opts.year}, seed ${opts.seed} into ${where}`);
  const started = Date.now();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  const ds = app.get(DataSource);
  const qr = ds.createQueryRunner();
  try {
    const existing = (await qr.query(`SELECT COUNT(*) AS "n" FROM "organization"`)) as Array<{
      n: number | string;
    }>;
    if (Number(existing[0].n) > 0) {
      console.error(
        'seed:scale refused: the database already has organisations. Point it at an empty database.',
      );
      process.exitCode = 1;
      return;
    }
    // Random uuid keys touch pages all over every index: a large page cache keeps them in memory.
    if (config.database.type === 'better-sqlite3') await qr.query('PRAGMA cache_size = -2097152');
    const hash = await app.get(PasswordHasher).hash(opts.password);
    const catalogs = {
      manifestation: await latestCatalog(qr, 'manifestation'),
      prohibition: await latestCatalog(qr, 'prohibition'),
    };
    const bar = new cliProgress.SingleBar(
      {
        format: ' {bar} {percentage}% | {value}/{total} members | {rows} rows | {rate} rows/s',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    const writer = new BatchWriter(ds, qr, new Date(Date.UTC(opts.year - 1, 11, 15)), [
      Organization,
      StudyTheme,
      Member,
      MemberCellHistory,
      User,
      RoleAssignment,
      Meeting,
      MeetingAttendance,
      Commitment,
      CommitmentItem,
      CommitmentTransition,
      CommitmentFeedback,
      MeetingPresentation,
      ConductCheck,
      ConductCheckItem,
      DisciplinaryRecord,
    ]);
    const seeder = new ScaleSeeder(opts, writer, hash, catalogs);
    bar.start(opts.members, 0, { rows: 0, rate: 0 });
    await qr.startTransaction();
    let committedAt = 0;
    const counts = await seeder.seed(async (members) => {
      // Commit every ~100k rows: bounded WAL and memory, and progress survives an interruption.
      if (writer.rows - committedAt >= 100_000) {
        await qr.commitTransaction();
        await qr.startTransaction();
        committedAt = writer.rows;
      }
      const seconds = (Date.now() - started) / 1000;
      bar.update(members, { rows: writer.rows, rate: Math.round(writer.rows / seconds) });
    });
    await qr.commitTransaction();
    bar.stop();
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `Done in ${seconds.toFixed(1)} s: ${writer.rows} rows (${Math.round(writer.rows / seconds)} rows/s). ` +
        `${counts.committees} committees, ${counts.cells} cells, ${counts.members} members, ${counts.accounts} accounts, ` +
        `${counts.commitments} commitments with ${counts.items} items, ${counts.meetings} meetings, ` +
        `${counts.disciplinary} disciplinary records.`,
    );
    console.log(
      `Logins (password ${JSON.stringify(opts.password)}): leader of the root committee ld-tinh, ` +
        `secretary of the first cell dv0000001, a member of it dv0000003.`,
    );
  } finally {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
    await qr.release();
    await app.close();
  }
}

await main();
