/** A bad row of an import (POST /api/members/import): spreadsheet row, column header, reason. */
export interface RowError {
  row: number;
  column: string;
  field: string;
  rule: string;
  message: string;
}

export interface RowProblems {
  /** Spreadsheet row number as the person sees it (the header is row 1). */
  row: number;
  problems: Array<{ column: string; message: string }>;
}

function isRowError(v: unknown): v is RowError {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.row === 'number' && typeof r.message === 'string';
}

/** The errors of a report (or of a refused import's `details`), one entry per row, rows in order. */
export function groupByRow(errors: unknown[]): RowProblems[] {
  const rows = new Map<number, RowProblems>();
  for (const e of errors) {
    if (!isRowError(e)) continue;
    const entry = rows.get(e.row) ?? { row: e.row, problems: [] };
    entry.problems.push({ column: e.column || 'Tệp', message: e.message });
    rows.set(e.row, entry);
  }
  return [...rows.values()].sort((a, b) => a.row - b.row);
}

/** "2 dòng có lỗi trên 5 dòng" and the like: what the dry run found, in one sentence. */
export function dryRunSummary(report: { totalRows: number; validRows: number; errors: unknown[] }): string {
  const bad = report.totalRows - report.validRows;
  if (report.errors.length === 0)
    return `Tệp hợp lệ: ${report.totalRows} dòng sẵn sàng nhập. Chưa có gì được ghi; bấm “Nhập đảng viên” để nhập.`;
  if (bad === 0) return 'Tệp chưa đúng mẫu; xem các lỗi bên dưới. Chưa có gì được ghi.';
  return `${bad} trên ${report.totalRows} dòng có lỗi; sửa tệp rồi kiểm tra lại. Chưa có gì được ghi.`;
}
