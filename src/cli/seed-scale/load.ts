import { DataSource, QueryRunner } from 'typeorm';
import { RoleAssignment } from '../../auth/role-assignment.entity.js';
import { User } from '../../auth/user.entity.js';
import { Commitment } from '../../commitments/commitment.entity.js';
import { CommitmentFeedback } from '../../commitments/commitment-feedback.entity.js';
import { CommitmentItem } from '../../commitments/commitment-item.entity.js';
import { CommitmentTransition } from '../../commitments/commitment-transition.entity.js';
import { ConductCheck, ConductCheckItem } from '../../conduct-checks/conduct-check.entity.js';
import { DisciplinaryRecord } from '../../discipline/disciplinary-record.entity.js';
import { Meeting, MeetingAttendance, MeetingPresentation } from '../../meetings/meeting.entity.js';
import { Member } from '../../members/member.entity.js';
import { MemberCellHistory } from '../../members/member-cell-history.entity.js';
import { Organization } from '../../organizations/organization.entity.js';
import { StudyTheme } from '../../study-themes/study-theme.entity.js';
import { BatchWriter } from './batch-writer.js';
import { setAsideForBulkLoad } from './postgres-bulk-load.js';
import { Counts, ScaleOptions, ScaleSeeder } from './seeder.js';

export class ScaleSeedRefused extends Error {}

export interface ScaleLoad {
  counts: Counts;
  rows: number;
  /** PostgreSQL: the foreign keys and indexes set aside and made again at the end. */
  rebuilt?: { count: number; seconds: number };
}

async function latestCatalog(qr: QueryRunner, catalog: string): Promise<number> {
  const rows = (await qr.query(
    `SELECT MAX("version") AS "v" FROM "catalog_version" WHERE "catalog" = ${qr.dataSource.options.type === 'postgres' ? '$1' : '?'}`,
    [catalog],
  )) as Array<{ v: number | string | null }>;
  return Number(rows[0]?.v ?? 1);
}

/**
 * Writes the seed:scale data set into an empty database (no organisations; otherwise
 * ScaleSeedRefused, nothing written). SQLite: a commit every ~100k rows keeps its journal and memory
 * bounded. PostgreSQL: one transaction, with the tables' foreign keys and secondary indexes set aside
 * and made again at the end (postgres-bulk-load.ts), so an interruption leaves the database as it was.
 */
export async function loadScaleData(
  ds: DataSource,
  opts: ScaleOptions,
  passwordHash: string,
  progress: (members: number, rows: number) => void = () => undefined,
): Promise<ScaleLoad> {
  const qr = ds.createQueryRunner();
  try {
    const existing = (await qr.query(`SELECT COUNT(*) AS "n" FROM "organization"`)) as Array<{
      n: number | string;
    }>;
    if (Number(existing[0].n) > 0)
      throw new ScaleSeedRefused(
        'seed:scale refused: the database already has organisations. Point it at an empty database.',
      );
    const postgres = ds.options.type === 'postgres';
    // Random uuid keys touch pages all over every index: a large page cache keeps them in memory.
    if (!postgres) await qr.query('PRAGMA cache_size = -2097152');
    const catalogs = {
      manifestation: await latestCatalog(qr, 'manifestation'),
      prohibition: await latestCatalog(qr, 'prohibition'),
    };
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
    await qr.startTransaction();
    const bulk = postgres ? await setAsideForBulkLoad(qr, writer.tables) : undefined;
    let committedAt = 0;
    const counts = await new ScaleSeeder(opts, writer, passwordHash, catalogs).seed(async (members) => {
      if (!postgres && writer.rows - committedAt >= 100_000) {
        await qr.commitTransaction();
        await qr.startTransaction();
        committedAt = writer.rows;
      }
      progress(members, writer.rows);
    });
    let rebuilt: ScaleLoad['rebuilt'];
    if (bulk) {
      const since = Date.now();
      await bulk.restore();
      rebuilt = { count: bulk.count, seconds: (Date.now() - since) / 1000 };
    }
    await qr.commitTransaction();
    // Fresh statistics, so the first reports are planned for the data as it now is.
    if (postgres) await qr.query('ANALYZE');
    return { counts, rows: writer.rows, rebuilt };
  } finally {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
    await qr.release();
  }
}
