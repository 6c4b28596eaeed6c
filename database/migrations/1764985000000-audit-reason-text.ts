import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { isPostgres, str, text } from './schema-helpers.js';

/**
 * The audit log's `reason` holds the reason of the step it records: a commitment returned or reopened
 * (up to 2,000 characters), a cycle reopened (1,000), a disciplinary decision (5,000). It was
 * varchar(500), so on PostgreSQL a longer reason failed the step's transaction (a 500); it is text now,
 * as the records it copies from are. PostgreSQL changes the type in place (varchar to text needs no
 * rewrite); SQLite, which enforces no length anyway, rebuilds the table so the schema says the same.
 */
export class AuditReasonText1764985000000 implements MigrationInterface {
  name = 'AuditReasonText1764985000000';

  async up(qr: QueryRunner): Promise<void> {
    if (isPostgres(qr)) await qr.query(`ALTER TABLE "audit_entry" ALTER COLUMN "reason" TYPE text`);
    else await qr.changeColumn('audit_entry', 'reason', new TableColumn(text('reason')));
  }

  async down(qr: QueryRunner): Promise<void> {
    if (isPostgres(qr))
      await qr.query(
        `ALTER TABLE "audit_entry" ALTER COLUMN "reason" TYPE varchar(500) USING left("reason", 500)`,
      );
    else await qr.changeColumn('audit_entry', 'reason', new TableColumn(str('reason', 500, true)));
  }
}
