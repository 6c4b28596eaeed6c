import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import cliProgress from 'cli-progress';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import { PasswordHasher } from '../auth/passwords.js';
import { AppConfig, ConfigError, loadConfig } from '../config/config.js';
import { loadScaleData, ScaleLoad, ScaleSeedRefused } from './seed-scale/load.js';
import { ScaleOptions } from './seed-scale/seeder.js';

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
 * disciplinary records. Rows go in chunks (SQLite: multi-row INSERTs, a commit every ~100k rows;
 * PostgreSQL: INSERT ... SELECT FROM unnest in one transaction, foreign keys and secondary indexes
 * made again at the end), bypassing the services: a seed, not a workload. No audit entries are
 * written for seeded rows. Every account shares one argon2id hash of the given password.
 *
 * This file is the command. The data is drawn in seed-scale/ (seeder.ts, commitments.ts, from the
 * streams of draws.ts), written by seed-scale/batch-writer.ts, in the transactions of seed-scale/load.ts.
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
  try {
    const hash = await app.get(PasswordHasher).hash(opts.password);
    const bar = new cliProgress.SingleBar(
      {
        format: ' {bar} {percentage}% | {value}/{total} members | {rows} rows | {rate} rows/s',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    // Started at the first rows written: a refused database prints its reason, not an empty bar.
    let barShown = false;
    let load: ScaleLoad;
    try {
      load = await loadScaleData(app.get(DataSource), opts, hash, (members, rows) => {
        if (!barShown) bar.start(opts.members, 0, { rows: 0, rate: 0 });
        barShown = true;
        const seconds = (Date.now() - started) / 1000;
        bar.update(members, { rows, rate: Math.round(rows / seconds) });
      });
    } finally {
      if (barShown) bar.stop();
    }
    const { counts, rebuilt } = load;
    if (rebuilt)
      console.log(`${rebuilt.count} foreign keys and indexes made again in ${rebuilt.seconds.toFixed(1)} s.`);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `Done in ${seconds.toFixed(1)} s: ${load.rows} rows (${Math.round(load.rows / seconds)} rows/s). ` +
        `${counts.committees} committees, ${counts.cells} cells, ${counts.members} members, ${counts.accounts} accounts, ` +
        `${counts.commitments} commitments with ${counts.items} items, ${counts.meetings} meetings, ` +
        `${counts.disciplinary} disciplinary records.`,
    );
    console.log(
      `Logins (password ${JSON.stringify(opts.password)}): leader of the root committee ld-tinh, ` +
        `secretary of the first cell dv0000001, a member of it dv0000003.`,
    );
  } catch (e) {
    if (!(e instanceof ScaleSeedRefused)) throw e;
    console.error(e.message);
    process.exitCode = 1;
  } finally {
    await app.close();
  }
}

await main();
