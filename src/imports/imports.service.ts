import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { Actor } from '../common/actor.js';
import { Database } from '../common/database.service.js';
import { vnToday } from '../common/dates.js';
import { importError } from './imports.errors.js';
import { Member } from '../members/member.entity.js';
import { MembersService } from '../members/members.service.js';
import { Organization } from '../organizations/organization.entity.js';
import { headerOf, RowError, RowRefs, sortErrors, validateSheet } from './imports.rules.js';
import {
  readSpreadsheet,
  SpreadsheetFormat,
  templateWorkbook,
  UnreadableSpreadsheet,
} from './spreadsheet.js';
import type { ImportReport } from './imports.responses.js';

export type ImportStage = 'read' | 'validate' | 'write';
export type ImportProgress = (stage: ImportStage, done: number, total: number) => void;

export interface Download {
  buffer: Buffer;
  contentType: string;
  filename: string;
}

/** IN (...) lists stay under SQLite's historic 999 bound-variable limit. */
const LOOKUP_CHUNK = 500;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

@Injectable()
export class ImportsService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly members: MembersService,
  ) {}

  /**
   * Imports members from an XLSX or CSV file. All or nothing: any bad row and nothing is written
   * (the answer lists every one); with `dryRun` the file is only checked.
   */
  async importMembers(
    actor: Actor,
    file: Buffer | undefined,
    dryRun: boolean,
    progress: ImportProgress = () => undefined,
  ): Promise<ImportReport> {
    if (!file || file.length === 0) {
      throw importError('IMPORT_FILE_REQUIRED', 'Send the spreadsheet in the multipart field "file"', [
        { field: 'file', rule: 'required', message: 'file is required (XLSX or CSV)' },
      ]);
    }
    progress('read', 0, 1);
    const sheet = await readSpreadsheet(file).catch((e: unknown) => {
      if (!(e instanceof UnreadableSpreadsheet)) throw e;
      throw importError('IMPORT_FILE_UNREADABLE', e.message, [
        { field: 'file', rule: 'format', message: e.message },
      ]);
    });
    progress('read', 1, 1);
    const { rows, refs, errors } = validateSheet(sheet, vnToday());
    const totalRows = sheet.rows.length;
    progress('validate', 0, totalRows);

    const check = async (em: EntityManager) => {
      const cells = await this.checkAgainstDatabase(em, actor, refs, errors);
      progress('validate', totalRows, totalRows);
      return cells;
    };
    const invalid = (all: RowError[]): ImportReport => ({
      dryRun,
      totalRows,
      validRows: totalRows - new Set(all.map((e) => e.row)).size,
      created: 0,
      errors: sortErrors(all),
    });

    if (dryRun) {
      await this.db.read(check);
      return invalid(errors);
    }
    return this.db.transaction(async (em) => {
      const cells = await check(em);
      if (errors.length > 0) {
        const report = invalid(errors);
        throw importError(
          'IMPORT_INVALID_ROWS',
          `${new Set(errors.map((e) => e.row)).size} row(s) are invalid; nothing was imported`,
          report.errors,
        );
      }
      progress('write', 0, rows.length);
      const ids = await this.members.importMembers(
        em,
        actor,
        rows.map((r) => ({ ...r, cell: cells.get(r.cellCode)! })),
        (written) => progress('write', written, rows.length),
      );
      progress('write', rows.length, rows.length);
      return { dryRun: false, totalRows, validRows: rows.length, created: ids.length, errors: [] };
    });
  }

  async template(format: SpreadsheetFormat = 'xlsx'): Promise<Download> {
    return {
      buffer: await templateWorkbook(format),
      contentType:
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      filename: `mau-nhap-dang-vien.${format}`,
    };
  }

  /**
   * Cell codes must name cells in the caller's subtree (an unknown code and one outside the scope get
   * the same answer, so the import does not reveal other organisations); party card numbers must not
   * be registered already. Appends to `errors`; answers the cells by code.
   */
  private async checkAgainstDatabase(
    em: EntityManager,
    actor: Actor,
    refs: RowRefs[],
    errors: RowError[],
  ): Promise<Map<string, Pick<Organization, 'id' | 'path'>>> {
    const scope = this.access.scopeOf(actor, 'member.import');
    const codes = [...new Set(refs.map((r) => r.cellCode).filter((c): c is string => c !== null))];
    const cells = new Map<string, Pick<Organization, 'id' | 'path' | 'kind'>>();
    for (const part of chunks(codes, LOOKUP_CHUNK)) {
      const found = await em.find(Organization, {
        where: { code: In(part) },
        select: { id: true, code: true, path: true, kind: true },
      });
      for (const o of found) if (this.access.coversPath(scope, o.path)) cells.set(o.code, o);
    }
    const cards = refs.map((r) => r.partyCardNumber).filter((c): c is string => c !== null);
    const taken = new Set<string>();
    for (const part of chunks(cards, LOOKUP_CHUNK)) {
      const found = await em.find(Member, {
        where: { partyCardNumber: In(part) },
        select: { id: true, partyCardNumber: true },
      });
      for (const m of found) taken.add(m.partyCardNumber!);
    }
    const column = headerOf('cellCode');
    for (const r of refs) {
      const cell = r.cellCode === null ? null : cells.get(r.cellCode);
      if (r.cellCode !== null && !cell) {
        errors.push({
          row: r.rowNumber,
          column,
          field: 'cellCode',
          rule: 'inScope',
          message: `Không có chi bộ mã "${r.cellCode}" trong phạm vi của bạn`,
        });
      } else if (cell && cell.kind !== 'cell') {
        errors.push({
          row: r.rowNumber,
          column,
          field: 'cellCode',
          rule: 'isCell',
          message: `"${r.cellCode}" là đảng bộ, không phải chi bộ`,
        });
      }
      if (r.partyCardNumber && taken.has(r.partyCardNumber)) {
        errors.push({
          row: r.rowNumber,
          column: headerOf('partyCardNumber'),
          field: 'partyCardNumber',
          rule: 'unique',
          message: `Số thẻ ${r.partyCardNumber} đã có trong hệ thống`,
        });
      }
    }
    return cells;
  }
}
