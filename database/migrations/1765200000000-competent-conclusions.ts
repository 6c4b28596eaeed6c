import { MigrationInterface, QueryRunner } from 'typeorm';
import qd366v3 from '../reference/rule-sets/QD366-2025.v3.json' with { type: 'json' };
import { deleteRuleSet, insertRuleSet } from './rule-set-rows.js';

const COLUMNS = [
  ['concludingBody', 'varchar(32)'],
  ['documentNumber', 'varchar(64)'],
  ['documentDate', 'date'],
] as const;

/**
 * A conclusion on a manifestation records who concluded (cell meeting, committee, inspection
 * commission), the document number and its date; QĐ 366 version 3 lists the bodies whose recorded
 * conclusion forces a level (`disqualifiers.competentBodies`, docs/EVALUATION.md). Plain nullable
 * ADD COLUMN on both engines: earlier conclusions keep NULLs, so under version 3 they are proposals
 * until the document is recorded; cycles pinned to versions 1 and 2 count them as before.
 */
export class CompetentConclusions1765200000000 implements MigrationInterface {
  name = 'CompetentConclusions1765200000000';

  async up(qr: QueryRunner): Promise<void> {
    for (const [name, type] of COLUMNS)
      await qr.query(`ALTER TABLE "conduct_check_item" ADD COLUMN "${name}" ${type}`);
    await insertRuleSet(qr, qd366v3);
  }

  async down(qr: QueryRunner): Promise<void> {
    await deleteRuleSet(qr, qd366v3.code, qd366v3.version);
    for (const [name] of COLUMNS) await qr.dropColumn('conduct_check_item', name);
  }
}
