import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Actor, systemActor } from '../src/common/actor.js';
import { CliAppModule } from '../src/cli/cli-app.module.js';
import { withApp } from '../src/cli/cli-io.js';
import { Database } from '../src/common/database.service.js';
import { loadConfig } from '../src/config/config.js';
import { Organization } from '../src/organizations/organization.entity.js';
import { OrganizationsService } from '../src/organizations/organizations.service.js';
import { ImportsService } from '../src/imports/imports.service.js';

/**
 * Measures the member import on a fresh SQLite file (the speed target is 10,000 rows in under 10 s):
 * `npm run bench:import [-- rows]`. A script, not a timed test.
 */
const rows = Number(process.argv[2] ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'camket-import-speed-'));
const config = loadConfig({ NODE_ENV: 'test', DATABASE_PATH: join(dir, 'speed.sqlite'), LOG_LEVEL: 'error' });
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Quốc', 'Thu', 'Đức', 'Ngọc', 'Hữu'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Hạnh', 'Hùng', 'Lan', 'Mai', 'Nam', 'Phương', 'Sơn', 'Tâm'];

try {
  await withApp(CliAppModule.forRoot(config), async (app) => {
    const orgs = app.get(OrganizationsService);
    const admin = systemActor('measure');
    const ward = await orgs.createOrganization(admin, {
      code: 'DB-DO-TOC-DO',
      name: 'Đảng bộ đo tốc độ',
      kind: 'committee',
      isGrassroots: true,
      parentId: null,
    });
    const cells: string[] = [];
    for (let i = 1; i <= 50; i++) {
      const code = `CB-${String(i).padStart(3, '0')}`;
      await orgs.createOrganization(admin, {
        code,
        name: `Chi bộ số ${i}`,
        kind: 'cell',
        isGrassroots: false,
        parentId: ward.id,
      });
      cells.push(code);
    }
    const lines = [
      'Họ và tên,Ngày sinh,Giới tính,Số thẻ đảng viên,Chi bộ (mã),Ngày vào Đảng,Ngày chính thức,Chức vụ',
    ];
    for (let i = 0; i < rows; i++) {
      const name = `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i >> 3) % MIDDLE.length]} ${GIVEN[(i >> 5) % GIVEN.length]}`;
      const year = 1950 + (i % 50);
      const official = i % 7 === 0 ? '' : `01/06/${year + 26}`;
      lines.push(
        `${name},15/03/${year},${i % 2 ? 'Nam' : 'Nữ'},${String(10_000_000 + i)},${cells[i % cells.length]},01/06/${year + 25},${official},`,
      );
    }
    const csv = Buffer.from(lines.join('\n'), 'utf8');
    const wardRow = await app.get(Database).read((em) => em.findOneByOrFail(Organization, { id: ward.id }));
    const actor: Actor = {
      ...admin,
      roles: [{ role: 'leader', organizationId: ward.id, organizationPath: wardRow.path }],
    };
    const imports = app.get(ImportsService);
    let t = process.hrtime.bigint();
    const dry = await imports.importMembers(actor, csv, true);
    const dryMs = Number(process.hrtime.bigint() - t) / 1e6;
    t = process.hrtime.bigint();
    const done = await imports.importMembers(actor, csv, false);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    console.log(`${rows} rows, ${(csv.length / 1024).toFixed(0)} KiB CSV`);
    console.log(`dry run: ${dryMs.toFixed(0)} ms (${dry.errors.length} errors)`);
    console.log(
      `import:  ${ms.toFixed(0)} ms, ${done.created} members created (${((rows / ms) * 1000).toFixed(0)} rows/s)`,
    );
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
