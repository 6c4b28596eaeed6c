import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { vnToday } from '../common/dates.js';
import { AppConfig, ConfigError, loadConfig } from '../config/config.js';
import { DemoSeedRefused, describeDemoYear, seedDemo } from './demo-seeder.js';

/**
 * `npm run seed:demo`: fills an empty database with the demo organisation (see demo-plan.ts) and
 * prints the demo logins. Uses the same configuration as the service (DATABASE_PATH, DATABASE_URL),
 * applies migrations and creates the first admin exactly as `npm start` would.
 */
let config: AppConfig;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

const where =
  config.database.type === 'better-sqlite3' ? `SQLite ${config.database.path}` : 'PostgreSQL (DATABASE_URL)';
console.log(`Seeding the camket demo into ${where} ...`);
const started = Date.now();
// Warnings stay visible: on a new database the first admin's generated password is printed once.
const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
  logger: ['error', 'warn'],
});
try {
  const result = await seedDemo(app, { today: vnToday(), log: (line) => console.log(line) });
  const { members } = result;
  console.log(
    `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.committees} committees, ${result.cells} cells, ` +
      `${members.total} members (${members.official} official, ${members.probationary} probationary, ${members.exempt} exempt).`,
  );
  console.log(`\nDemo logins (password for all: ${result.password}):`);
  const width = Math.max(...result.logins.map((l) => l.username.length));
  for (const l of result.logins) {
    console.log(`  ${l.username.padEnd(width)}  ${l.role.padEnd(9)}  ${l.memberName}: ${l.description}`);
  }
  console.log(`\n${describeDemoYear(result.year)}`);
  console.log(`The other cells' secretaries (same password): ${result.secretaryLogins.join(', ')}.`);
  console.log(
    '\nStart the service with `npm start`, open http://localhost:3000/ and log in as dangvien.tdp1 or bithu.tdp1.',
  );
} catch (e) {
  if (!(e instanceof DemoSeedRefused)) throw e;
  console.error(`seed:demo refused: ${e.message}`);
  process.exitCode = 1;
} finally {
  await app.close();
}
