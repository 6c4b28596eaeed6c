import Sqlite from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/common/actor.js';
import { CliAppModule } from '../../src/cli/cli-app.module.js';
import { CliIo, withApp } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config/config.js';
import { OrganizationsService } from '../../src/organizations/organizations.service.js';

describe('admin command line (e2e)', () => {
  let dir: string;
  let dbPath: string;
  let env: Record<string, string>;
  let cellCode: string;

  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false };
    const code = await runCli(argv, env, io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new Sqlite(dbPath, { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'camket-cli-'));
    dbPath = join(dir, 'camket.sqlite');
    env = { NODE_ENV: 'test', DATABASE_PATH: dbPath, LOG_LEVEL: 'error', ARGON2_MEMORY_KIB: '19456' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrate applies every migration once, then reports the database up to date', async () => {
    const first = await cli('migrate');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/Applied Foundation/);
    expect(first.out).toMatch(/Applied Notifications/);
    const again = await cli('migrate');
    expect(again.out).toContain('up to date');
    expect((await cli('migrate', '--check')).code).toBe(0);
  });

  it('create-admin creates an administrator with a generated password shown once; bad input exits 1', async () => {
    const res = await cli('create-admin', 'Chanh.VanPhong');
    expect(res.code).toBe(0);
    expect(res.out).toContain('Created administrator "chanh.vanphong"');
    expect(res.out).toMatch(/shown only once.*: \S{20,}/);
    const roles = query<{ role: string }>(
      `SELECT r.role FROM role_assignment r JOIN user_account u ON u.id = r."userId" WHERE u.username = ?`,
      'chanh.vanphong',
    );
    expect(roles).toEqual([{ role: 'admin' }]);
    // no account is created as a side effect (the service's first-admin bootstrap does not run)
    expect(query('SELECT username FROM user_account')).toHaveLength(1);

    const dup = await cli('create-admin', 'chanh.vanphong');
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('username is already taken');
    const bad = await cli('create-admin', 'có dấu cách', '--password', 'ngắn');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/username must be/);
  });

  it('reset-password sets a new password and refuses unknown accounts', async () => {
    const before = query<{ passwordHash: string }>(
      `SELECT "passwordHash" FROM user_account WHERE username = 'chanh.vanphong'`,
    )[0];
    const res = await cli('reset-password', 'chanh.vanphong', '--password', 'Mật-khẩu-mới-2026-rất-dài');
    expect(res.code).toBe(0);
    expect(res.out).toContain('reset');
    expect(res.out).not.toContain('Mật-khẩu-mới');
    const after = query<{ passwordHash: string }>(
      `SELECT "passwordHash" FROM user_account WHERE username = 'chanh.vanphong'`,
    )[0];
    expect(after.passwordHash).not.toBe(before.passwordHash);
    const none = await cli('reset-password', 'khong-ton-tai');
    expect(none.code).toBe(1);
    expect(none.err).toContain('No account named "khong-ton-tai"');
  });

  it('import-members imports a file into one organisation, and lists bad rows without writing', async () => {
    const config = loadConfig(env);
    cellCode = await withApp(CliAppModule.forRoot(config), async (app) => {
      const orgs = app.get(OrganizationsService);
      const actor = systemActor('test');
      const ward = await orgs.createOrganization(actor, {
        code: 'DB-NGO-QUYEN',
        name: 'Đảng bộ phường Ngô Quyền',
        kind: 'committee',
        isGrassroots: true,
        parentId: null,
      });
      const cell = await orgs.createOrganization(actor, {
        code: 'CB-TDP-01',
        name: 'Chi bộ tổ dân phố số 1',
        kind: 'cell',
        isGrassroots: false,
        parentId: ward.id,
      });
      await orgs.createOrganization(actor, {
        code: 'DB-LIEN-BAO',
        name: 'Đảng bộ phường Liên Bảo',
        kind: 'committee',
        isGrassroots: true,
        parentId: null,
      });
      return cell.code;
    });
    const file = join(dir, 'dang-vien.csv');
    writeFileSync(
      file,
      '\uFEFFHọ và tên,Ngày sinh,Giới tính,Số thẻ đảng viên,Chi bộ (mã),Ngày vào Đảng,Ngày chính thức,Chức vụ\n' +
        `Nguyễn Văn An,01/02/1970,Nam,0100000001,${cellCode},03/02/1995,03/02/1996,Bí thư chi bộ\n` +
        `Trần Thị Bình,05/06/1985,Nữ,0100000002,${cellCode},,,\n`,
    );
    const ok = await cli('import-members', file, '--organization', 'DB-NGO-QUYEN');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Imported 2 members/);
    expect(query('SELECT id FROM member')).toHaveLength(2);

    // the same file again: both card numbers are taken now; another organisation's code is out of scope
    const again = await cli('import-members', file, '--organization', 'DB-NGO-QUYEN');
    expect(again.code).toBe(1);
    expect(again.err).toContain('row 2, Số thẻ đảng viên');
    expect(again.err).toContain('nothing was imported');
    const other = await cli('import-members', file, '--organization', 'DB-LIEN-BAO', '--dry-run');
    expect(other.code).toBe(1);
    expect(other.err).toContain('Chi bộ (mã)');
    expect(query('SELECT id FROM member')).toHaveLength(2);

    expect(
      (await cli('import-members', join(dir, 'khong-co.csv'), '--organization', 'DB-NGO-QUYEN')).err,
    ).toContain('no such file');
    expect((await cli('import-members', file)).code).not.toBe(0);
  });

  it('backup copies the live database and checks the copy; restore refuses while the database is open', async () => {
    const backup = join(dir, 'sao-luu.sqlite');
    const res = await cli('backup', backup);
    expect(res.code).toBe(0);
    expect(res.out).toContain('Integrity check of the copy: ok');
    expect(existsSync(backup)).toBe(true);
    expect((await cli('backup', backup)).err).toContain('--force');

    // a change after the backup, which the restore must undo
    const db = new Sqlite(dbPath);
    db.prepare(`UPDATE member SET "fullName" = 'Đã sửa sau khi sao lưu'`).run();
    const refused = await cli('restore', backup);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('in use');
    db.close();

    const restored = await cli('restore', backup);
    expect(restored.code).toBe(0);
    expect(restored.out).toContain('integrity ok');
    expect(
      query<{ fullName: string }>('SELECT "fullName" FROM member ORDER BY "fullName"').map((m) => m.fullName),
    ).toEqual(['Nguyễn Văn An', 'Trần Thị Bình']);
    expect(existsSync(`${dbPath}.before-restore`)).toBe(true);

    writeFileSync(join(dir, 'hong.sqlite'), 'không phải cơ sở dữ liệu');
    const broken = await cli('restore', join(dir, 'hong.sqlite'));
    expect(broken.code).toBe(1);
  });

  it('answers unknown commands and missing arguments with a non-zero exit code', async () => {
    expect((await cli('khong-co-lenh')).code).not.toBe(0);
    expect((await cli('backup')).code).not.toBe(0);
    expect((await cli('--help')).code).toBe(0);
  });
  it('seed:demo delegates to the demo seeder, which refuses a database that holds data', async () => {
    const res = await cli('seed:demo');
    expect(res.code).toBe(1);
    expect(res.err).toContain('seed:demo refused');
  });
});
