import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import qd366v1 from '../reference/rule-sets/QD366-2025.v1.json' with { type: 'json' };
import { insertRuleSet } from './rule-set-rows.js';
import { date, idColumn, int, str, text, timestamps, ts, uuidRef, version } from './schema-helpers.js';

const LEVELS = `'excellent', 'good', 'complete', 'incomplete'`;
const levelCheck = (column: string) => ({ expression: `"${column}" IS NULL OR "${column}" IN (${LEVELS})` });
const fk = (column: string, table: string) => ({
  columnNames: [column],
  referencedTableName: table,
  referencedColumnNames: ['id'],
});

/**
 * Year-end evaluation: rule sets (versioned data; QĐ 366-QĐ/TW version 1 loaded here from
 * database/reference/rule-sets/QD366-2025.v1.json), cycles, one evaluation
 * per member and cycle, and the evaluation history.
 */
export class Evaluations1764400000000 implements MigrationInterface {
  name = 'Evaluations1764400000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'evaluation_rule_set',
        columns: [
          idColumn(qr),
          str('code', 32),
          int('version'),
          str('regulation', 64),
          str('title', 500),
          date('effectiveFrom', false),
          text('definition', false),
          timestamps(qr)[0],
        ],
        indices: [{ columnNames: ['code', 'version'], isUnique: true }],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'evaluation_cycle',
        columns: [
          idColumn(qr),
          uuidRef('organizationId'),
          str('organizationPath', 1024),
          int('year'),
          date('reviewDate', false),
          uuidRef('ruleSetId'),
          str('status', 16),
          ts(qr, 'generatedAt'),
          ts(qr, 'finalizedAt'),
          uuidRef('finalizedByUserId', true),
          ts(qr, 'reopenedAt'),
          str('reopenReason', 1000, true),
          uuidRef('createdByUserId', true),
          version(),
          ...timestamps(qr),
        ],
        indices: [
          { columnNames: ['organizationId', 'year'], isUnique: true },
          { columnNames: ['year'] },
          { columnNames: ['organizationPath'] },
        ],
        foreignKeys: [fk('organizationId', 'organization'), fk('ruleSetId', 'evaluation_rule_set')],
        checks: [{ expression: `"status" IN ('open', 'finalized')` }],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'evaluation',
        columns: [
          idColumn(qr),
          uuidRef('cycleId'),
          uuidRef('memberId'),
          uuidRef('cellId'),
          str('cellPath', 1024),
          uuidRef('grassrootsId', true),
          str('status', 16),
          str('notClassifiedReason', 32, true),
          { name: 'suggestedScore', type: 'double precision', isNullable: true },
          str('suggestedLevel', 16, true),
          text('disqualifiers', false),
          text('reasons', false),
          text('metrics', false),
          ts(qr, 'generatedAt', false),
          str('selfLevel', 16, true),
          text('selfSummary'),
          text('selfStrengths'),
          text('selfShortcomings'),
          ts(qr, 'selfAssessedAt'),
          uuidRef('selfAssessedByUserId', true),
          str('proposedLevel', 16, true),
          text('proposalComment'),
          uuidRef('proposalMeetingId', true),
          ts(qr, 'proposedAt'),
          uuidRef('proposedByUserId', true),
          str('decidedLevel', 16, true),
          text('decisionComment'),
          ts(qr, 'decidedAt'),
          uuidRef('decidedByUserId', true),
          version(),
          ...timestamps(qr),
        ],
        indices: [
          { columnNames: ['cycleId', 'memberId'], isUnique: true },
          { columnNames: ['cycleId', 'status'] },
          { columnNames: ['memberId'] },
        ],
        foreignKeys: [
          fk('cycleId', 'evaluation_cycle'),
          fk('memberId', 'member'),
          fk('cellId', 'organization'),
          fk('grassrootsId', 'organization'),
        ],
        checks: [
          { expression: `"status" IN ('pending', 'self_assessed', 'proposed', 'decided', 'not_classified')` },
          levelCheck('suggestedLevel'),
          levelCheck('selfLevel'),
          levelCheck('proposedLevel'),
          levelCheck('decidedLevel'),
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'evaluation_event',
        columns: [
          idColumn(qr),
          uuidRef('evaluationId'),
          str('action', 32),
          str('level', 16, true),
          text('comment'),
          uuidRef('actorUserId', true),
          str('actorUsername', 100, true),
          { ...timestamps(qr)[0], name: 'at' },
        ],
        indices: [{ columnNames: ['evaluationId', 'at'] }],
        foreignKeys: [fk('evaluationId', 'evaluation')],
      }),
    );

    // Frozen data (database/reference/rule-sets/), never the service's live code.
    await insertRuleSet(qr, qd366v1);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['evaluation_event', 'evaluation', 'evaluation_cycle', 'evaluation_rule_set'])
      await qr.dropTable(t);
  }
}
