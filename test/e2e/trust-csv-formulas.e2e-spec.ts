import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportYear } from '../factories/reports.js';
import { createMember, createOrg, World, buildWorld } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';
import { loadCatalog, OpenApiDocument, RouteSpec } from '../trust/catalog.js';
import { call } from '../trust/inject.js';

/**
 * Issue 14, item 10: names are written into CSV downloads, and a spreadsheet runs a cell that starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula. An organisation and a member named
 * like a formula are read back from every CSV the API serves (found in the OpenAPI document, so a
 * CSV added later is read too): each such cell starts with `'`, and no text cell can start a formula.
 */

const FORMULA = '=HYPERLINK("http://x","Nguyễn")';

/** RFC 4180 fields of a CSV text (quoted fields may hold separators, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The GET routes whose answer may be a CSV file. */
function csvRoutes(routes: RouteSpec[], doc: OpenApiDocument): RouteSpec[] {
  const paths = doc.paths as unknown as Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>
  >;
  return routes.filter(
    (r) =>
      r.method === 'GET' &&
      Object.keys(paths[r.path]?.get?.responses?.['200']?.content ?? {}).some((c) =>
        c.startsWith('text/csv'),
      ),
  );
}

describe('trust: no formula in any CSV download (e2e)', () => {
  let t: TestApp;
  let w: World;
  let routes: RouteSpec[];

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    const cell = await createOrg(t, w.admin, {
      name: FORMULA,
      kind: 'cell',
      isGrassroots: false,
      parentId: w.orgs.wardA.id,
    });
    await createMember(t, w.admin, cell.id, FORMULA);
    await createMember(t, w.admin, w.orgs.cellA1.id, '@Trần Thị Hằng');
    await buildReportYear(t, w);
    const catalog = await loadCatalog(t.app);
    routes = csvRoutes(catalog.routes, catalog.doc);
  }, 120_000);
  afterAll(() => t.close());

  it('writes every text cell that starts like a formula with a leading quote, in every CSV export', async () => {
    const read = new Map<string, string[][]>();
    for (const route of routes) {
      const query = new URLSearchParams({ format: 'csv' });
      for (const f of route.query?.fields ?? []) {
        if (f.name === 'organizationId') query.set(f.name, w.orgs.wardA.id);
        if (f.name === 'year') query.set(f.name, '2026');
      }
      const res = await call(t.app, {
        method: 'GET',
        url: `${route.path}?${query.toString()}`,
        token: w.leaderA.token,
      });
      expect(res.status, `${route.path}: ${res.text.slice(0, 200)}`).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/^text\/csv/);
      read.set(route.path, parseCsv(res.text.replace(/^\uFEFF/, '')));
    }
    // Every CSV of the API was read: the reports' tables and the import template.
    expect([...read.keys()].sort()).toEqual(
      expect.arrayContaining([
        '/api/members/import/template',
        '/api/reports/classification',
        '/api/reports/leaders-first',
        '/api/reports/organizations',
        '/api/reports/overview',
        '/api/reports/trend',
      ]),
    );
    const live: string[] = [];
    for (const [path, rows] of read)
      for (const cell of rows.flat())
        if (/^[=+@\t\r]/.test(cell) || (cell.startsWith('-') && !/^-\d+(\.\d+)?$/.test(cell)))
          live.push(`${path}: ${JSON.stringify(cell)}`);
    expect(live).toEqual([]);
    // The names were there to be neutralised: the cell in the per-organisation table, both members
    // (and their cell) in the classification list.
    expect(read.get('/api/reports/organizations')!.flat()).toContain(`'${FORMULA}`);
    const classification = read.get('/api/reports/classification')!.flat();
    expect(classification.filter((c) => c === `'${FORMULA}`).length).toBeGreaterThanOrEqual(2);
    expect(classification).toContain("'@Trần Thị Hằng");
  });

  it('keeps the names as they were given in JSON and in XLSX (exceljs writes them as text, not formulas)', async () => {
    const url = `/api/reports/organizations?organizationId=${w.orgs.wardA.id}&year=2026`;
    const json = await call(t.app, { method: 'GET', url, token: w.leaderA.token });
    expect(json.status).toBe(200);
    expect(JSON.stringify(json.body)).toContain(JSON.stringify(FORMULA).slice(1, -1));
    const xlsx = await t.app.inject({
      method: 'GET',
      url: `${url}&format=xlsx`,
      headers: { authorization: `Bearer ${w.leaderA.token}` },
    });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const values: unknown[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((c) => values.push(c.value)));
    expect(values).toContain(FORMULA);
  });
});
