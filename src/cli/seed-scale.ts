import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import cliProgress from 'cli-progress';
import { DataSource, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import { AppModule } from '../app.module.js';
import { PasswordHasher } from '../auth/passwords.js';
import { Commitment } from '../commitments/commitment.entity.js';
import { CommitmentFeedback } from '../commitments/commitment-feedback.entity.js';
import { CommitmentItem } from '../commitments/commitment-item.entity.js';
import { CommitmentTransition } from '../commitments/commitment-transition.entity.js';
import { itemCounts, Outcome } from '../commitments/commitments.rules.js';
import { foldVietnamese } from '../common/text.js';
import { AppConfig, ConfigError, loadConfig } from '../config/config.js';
import { ConductCheck, ConductCheckItem } from '../conduct-checks/conduct-check.entity.js';
import { DisciplinaryRecord } from '../discipline/disciplinary-record.entity.js';
import {
  AttendanceStatus,
  Meeting,
  MeetingAttendance,
  MeetingPresentation,
} from '../meetings/meeting.entity.js';
import { meetingAttendanceCounts } from '../meetings/meetings.rules.js';
import { Member, SEARCH_NAME_LENGTH } from '../members/member.entity.js';
import { MemberCellHistory } from '../members/member-cell-history.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { StudyTheme } from '../study-themes/study-theme.entity.js';
import { RoleAssignment } from '../auth/role-assignment.entity.js';
import { User } from '../auth/user.entity.js';
import { pick, seededRandom, vietnameseName } from './vietnamese-names.js';

/**
 * `npm run seed:scale -- --members 10000 [--year 2026] [--seed 42] [--password ...]`
 *
 * Fills an empty database (DATABASE_PATH or DATABASE_URL, as the service) with a province-sized,
 * realistic and fully deterministic year: the same seed gives the same ids, names and statuses.
 * Organisation tree (root committee -> district committees when large -> grassroots committees ->
 * cells of 15-35 members), members with Vietnamese names, an account for every member and for a
 * leader of every committee, a year of yearly, quarterly and (in about a third of the cells) monthly
 * commitments with items, status history and feedback, monthly cell meetings and quarterly study
 * meetings with attendance, a yearly manifestation self-check concluded by the cell, a few
 * disciplinary records. Rows go in as multi-row INSERTs in chunks (under SQLite's bound-variable
 * limit) inside transactions, bypassing the services: a seed, not a workload. No audit entries are
 * written for seeded rows. Every account shares one argon2id hash of the given password.
 */

interface Options {
  members: number;
  year: number;
  seed: number;
  password: string;
}

type Row = Record<string, unknown>;
type Status = 'draft' | 'submitted' | 'returned' | 'accepted' | 'reported' | 'assessed';

const CATEGORY_TEXT: Record<string, string[]> = {
  study: [
    'Học tập, quán triệt đầy đủ các nghị quyết, chỉ thị của Đảng',
    'Tham gia đầy đủ các buổi học tập chính trị của chi bộ',
  ],
  follow: [
    'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh: gương mẫu, tiết kiệm trong sinh hoạt',
    'Làm theo Bác: gần dân, lắng nghe và giải quyết kịp thời ý kiến của nhân dân tổ dân phố',
  ],
  duty: [
    'Hoàn thành tốt nhiệm vụ chuyên môn được giao, không để tồn đọng công việc',
    'Vận động gia đình và bà con hàng xóm thực hiện tốt quy ước tổ dân phố',
  ],
  resolution4: [
    'Không suy thoái về tư tưởng chính trị, đạo đức, lối sống theo Nghị quyết Trung ương 4',
    'Tự phê bình và phê bình nghiêm túc, không nể nang, né tránh',
  ],
  exemplary: ['Gương mẫu thực hiện nếp sống văn minh, giữ gìn vệ sinh môi trường khu dân cư'],
  lifestyle: ['Sống giản dị, trung thực, đoàn kết với đồng chí, đồng nghiệp'],
  remedy: ['Khắc phục hạn chế về việc tham gia sinh hoạt chi bộ chưa đều năm trước'],
};
const YEARLY_CATEGORIES = ['study', 'follow', 'duty', 'resolution4', 'exemplary', 'lifestyle'];
const FEEDBACK = [
  ['commendation', 'Đồng chí thực hiện tốt cam kết, đề nghị phát huy.'],
  ['suggestion', 'Đề nghị đồng chí cụ thể hóa thêm chỉ tiêu phấn đấu của quý.'],
  ['comment', 'Chi bộ ghi nhận nội dung cam kết của đồng chí.'],
  ['criticism', 'Đồng chí còn vắng sinh hoạt chi bộ không có lý do, cần khắc phục.'],
] as const;

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      members: { type: 'string', default: '10000' },
      year: { type: 'string', default: '2026' },
      seed: { type: 'string', default: '42' },
      password: { type: 'string', default: 'Camket-scale-2026' },
    },
  });
  const members = Number(values.members);
  const year = Number(values.year);
  const seed = Number(values.seed);
  if (!Number.isInteger(members) || members < 30 || members > 6_000_000) {
    throw new Error('--members must be an integer from 30 to 6000000');
  }
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error('--year must be a year');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  if (values.password.length < 12) throw new Error('--password must be at least 12 characters');
  return { members, year, seed, password: values.password };
}

/** uuid v4 shaped ids drawn from their own seeded stream, so ids repeat exactly for a seed. */
function idStream(seed: number): () => string {
  const rand = seededRandom(seed ^ 0x5eed1d5);
  const hex = () =>
    Math.floor(rand() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  return () => {
    const a = hex() + hex() + hex() + hex();
    const variant = ((parseInt(a[16], 16) & 0x3) | 0x8).toString(16);
    return `${a.slice(0, 8)}-${a.slice(8, 12)}-4${a.slice(13, 16)}-${variant}${a.slice(17, 20)}-${a.slice(20, 32)}`;
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
/** A UTC instant on a calendar day at a given hour of Vietnam time (UTC+7). */
const at = (y: number, m: number, d: number, hourVn = 9) => new Date(Date.UTC(y, m - 1, d, hourVn - 7));

/**
 * Buffers rows per entity and writes them as multi-row INSERTs with the engine's placeholders.
 * Values go through TypeORM's own conversion (dates, booleans) for the column, so the stored form
 * is exactly what the services write. Tables are flushed in the given order, parents before
 * children, so foreign keys hold at every statement.
 */
class BatchWriter {
  private readonly buffers = new Map<EntityTarget<ObjectLiteral>, Row[]>();
  private readonly sqlCache = new Map<string, string>();
  private pending = 0;
  rows = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly qr: QueryRunner,
    private readonly createdAt: Date,
    /** Every table written, parents before children. */
    order: Array<EntityTarget<ObjectLiteral>>,
  ) {
    for (const target of order) this.buffers.set(target, []);
  }

  add(target: EntityTarget<ObjectLiteral>, row: Row): void {
    const buffer = this.buffers.get(target);
    if (!buffer)
      throw new Error(`BatchWriter: ${this.ds.getMetadata(target).tableName} is not in the table order`);
    buffer.push(row);
    this.pending++;
  }

  get pendingRows(): number {
    return this.pending;
  }

  async flush(): Promise<void> {
    for (const [target, rows] of this.buffers) {
      if (rows.length) await this.insert(target, rows);
      rows.length = 0;
    }
    this.pending = 0;
  }

  private async insert(target: EntityTarget<ObjectLiteral>, rows: Row[]): Promise<void> {
    const meta = this.ds.getMetadata(target);
    const columns = meta.columns;
    const postgres = this.ds.options.type === 'postgres';
    // SQLite binds at most 32766 variables per statement; PostgreSQL 65535.
    const perStatement = Math.max(
      1,
      Math.min(500, Math.floor((postgres ? 60_000 : 30_000) / columns.length)),
    );
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const params: unknown[] = [];
      for (const row of chunk) {
        for (const c of columns) {
          let value = row[c.propertyName];
          if (value === undefined) {
            if (c.isCreateDate || c.isUpdateDate) value = this.createdAt;
            else if (c.isVersion || c.propertyName === 'version') value = 1;
            else if (c.default !== undefined && typeof c.default !== 'function') value = c.default;
            else value = null;
          }
          params.push(this.ds.driver.preparePersistentValue(value, c));
        }
      }
      await this.qr.query(
        this.sql(
          meta.tableName,
          columns.map((c) => c.databaseName),
          chunk.length,
          postgres,
        ),
        params,
      );
      this.rows += chunk.length;
    }
  }

  private sql(table: string, columns: string[], count: number, postgres: boolean): string {
    const key = `${table}:${count}`;
    let sql = this.sqlCache.get(key);
    if (sql) return sql;
    let n = 0;
    const tuple = () => `(${columns.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`;
    const tuples = Array.from({ length: count }, tuple);
    sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`;
    this.sqlCache.set(key, sql);
    return sql;
  }
}

interface CellPlan {
  id: string;
  code: string;
  name: string;
  path: string;
  size: number;
  monthly: boolean;
}

interface Counts {
  committees: number;
  cells: number;
  members: number;
  accounts: number;
  commitments: number;
  items: number;
  meetings: number;
  disciplinary: number;
}

class ScaleSeeder {
  private readonly rand: () => number;
  private readonly id: () => string;
  private readonly counts: Counts = {
    committees: 0,
    cells: 0,
    members: 0,
    accounts: 0,
    commitments: 0,
    items: 0,
    meetings: 0,
    disciplinary: 0,
  };
  private memberSeq = 0;
  private decisionSeq = 0;

  constructor(
    private readonly opts: Options,
    private readonly w: BatchWriter,
    private readonly passwordHash: string,
    private readonly catalogs: { manifestation: number; prohibition: number },
  ) {
    this.rand = seededRandom(opts.seed);
    this.id = idStream(opts.seed);
  }

  private chance(p: number): boolean {
    return this.rand() < p;
  }

  private between(min: number, max: number): number {
    return min + Math.floor(this.rand() * (max - min + 1));
  }

  /** Splits the members into cells of 15-35 and the cells into grassroots committees of 6-20. */
  planTree(): { committees: Row[]; cells: CellPlan[]; leaders: Array<{ orgId: string; code: string }> } {
    const sizes: number[] = [];
    for (let left = this.opts.members; left > 0;) {
      let size = Math.min(left, this.between(15, 35));
      if (left - size > 0 && left - size < 15) size = left; // no tiny last cell
      sizes.push(size);
      left -= size;
    }
    const groups: number[][] = [];
    for (let i = 0; i < sizes.length;) {
      const n = this.between(6, 20);
      groups.push(sizes.slice(i, i + n));
      i += n;
    }
    const committees: Row[] = [];
    const leaders: Array<{ orgId: string; code: string }> = [];
    const org = (code: string, name: string, parent: Row | null, grassroots: boolean) => {
      const id = this.id();
      const path = `${(parent?.path as string | undefined) ?? '/'}${id}/`;
      const row = {
        id,
        code,
        name,
        kind: 'committee',
        isGrassroots: grassroots,
        parentId: parent?.id ?? null,
        path,
      };
      committees.push({ ...row, depth: path.split('/').filter(Boolean).length - 1 });
      leaders.push({ orgId: id, code });
      return row;
    };
    const root = org('TINH', 'Đảng bộ tỉnh Vĩnh Phúc', null, false);
    // Districts only when there are many grassroots committees, as in a province.
    const districtCount = groups.length > 40 ? Math.ceil(groups.length / 30) : 0;
    const districts = Array.from({ length: districtCount }, (_, i) =>
      org(`H${pad(i + 1)}`, `Đảng bộ huyện số ${i + 1}`, root, false),
    );
    const cells: CellPlan[] = [];
    groups.forEach((group, g) => {
      const parent = districts.length ? districts[g % districts.length] : root;
      const code = `CS${pad(g + 1, 4)}`;
      const grassroots = org(
        code,
        `Đảng bộ ${pick(this.rand, ['phường', 'xã', 'cơ quan'])} số ${g + 1}`,
        parent,
        true,
      );
      group.forEach((size, c) => {
        const id = this.id();
        cells.push({
          id,
          code: `${code}-CB${pad(c + 1)}`,
          name: `Chi bộ ${pick(this.rand, ['tổ dân phố', 'thôn', 'khu phố'])} số ${c + 1} (${code})`,
          path: `${grassroots.path}${id}/`,
          size,
          monthly: this.chance(0.33),
        });
      });
    });
    return { committees, cells, leaders };
  }

  async seed(onProgress: (members: number) => Promise<void>): Promise<Counts> {
    const { committees, cells, leaders } = this.planTree();
    const year = this.opts.year;
    const created = at(year - 1, 12, 15);
    for (const c of committees) this.w.add(Organization, { ...c, createdAt: created, updatedAt: created });
    this.counts.committees = committees.length;
    for (const c of cells) {
      this.w.add(Organization, {
        id: c.id,
        code: c.code,
        name: c.name,
        kind: 'cell',
        isGrassroots: false,
        parentId: c.path.split('/').filter(Boolean).at(-2),
        path: c.path,
        depth: c.path.split('/').filter(Boolean).length - 1,
      });
    }
    this.counts.cells = cells.length;
    const rootId = committees[0].id as string;
    const themeId = this.id();
    this.w.add(StudyTheme, {
      id: themeId,
      organizationId: rootId,
      year,
      title: `Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm ${year}`,
      description: 'Chuyên đề năm của Tỉnh ủy, áp dụng cho toàn Đảng bộ.',
    });
    for (const l of leaders) {
      const userId = this.id();
      this.w.add(User, {
        id: userId,
        username: `ld-${l.code.toLowerCase()}`,
        passwordHash: this.passwordHash,
        memberId: null,
      });
      this.w.add(RoleAssignment, { id: this.id(), userId, role: 'leader', organizationId: l.orgId });
      this.counts.accounts++;
    }
    await this.w.flush();

    let done = 0;
    for (const cell of cells) {
      this.seedCell(cell, themeId);
      done += cell.size;
      if (this.w.pendingRows >= 20_000) {
        await this.w.flush();
        await onProgress(done);
      }
    }
    await this.w.flush();
    await onProgress(done);
    return this.counts;
  }

  private seedCell(cell: CellPlan, themeId: string): void {
    const year = this.opts.year;
    const members: Array<{ id: string; userId: string; name: string; exempt: boolean; joined: string }> = [];
    let secretaryUserId = '';
    let secretaryName = '';
    for (let i = 0; i < cell.size; i++) {
      const seq = ++this.memberSeq;
      const gender = this.chance(0.45) ? 'female' : 'male';
      const fullName = vietnameseName(this.rand, gender);
      const born = this.between(1945, 2001);
      // Joined before the year; the probation lasts 12 months, so recent joiners are still probationary.
      const joinedYear = Math.min(year - 1, born + this.between(20, 40));
      const probationary = joinedYear === year - 1 && this.chance(0.7);
      const exempt = born < 1955 && this.chance(0.5);
      const id = this.id();
      const joined = isoDate(joinedYear, this.between(1, 12), this.between(1, 28));
      this.w.add(Member, {
        id,
        fullName,
        searchName: foldVietnamese(fullName, SEARCH_NAME_LENGTH),
        partyCardNumber: String(10_000_000 + seq),
        dateOfBirth: isoDate(born, this.between(1, 12), this.between(1, 28)),
        gender,
        cellId: cell.id,
        status: probationary ? 'probationary' : 'official',
        joinedPartyOn: joined,
        position: i === 0 ? 'Bí thư chi bộ' : i === 1 ? 'Phó bí thư chi bộ' : null,
        isExempt: exempt && i > 1,
        isSuspended: false,
      });
      this.w.add(MemberCellHistory, {
        id: this.id(),
        memberId: id,
        cellId: cell.id,
        fromAt: at(year - 1, 12, 15),
        toAt: null,
        reason: 'registered',
      });
      const userId = this.id();
      this.w.add(User, {
        id: userId,
        username: `dv${pad(seq, 7)}`,
        passwordHash: this.passwordHash,
        memberId: id,
      });
      this.counts.accounts++;
      if (i < 2) {
        // The secretary and the deputy secretary both hold the cell's secretary role.
        this.w.add(RoleAssignment, { id: this.id(), userId, role: 'secretary', organizationId: cell.id });
        if (i === 0) {
          secretaryUserId = userId;
          secretaryName = fullName;
        }
      }
      members.push({ id, userId, name: fullName, exempt: exempt && i > 1, joined });
    }
    this.counts.members += cell.size;

    const meetings = this.seedMeetings(cell, themeId, members, secretaryUserId);
    for (const m of members) {
      if (m.exempt) continue;
      const reviewer = { userId: secretaryUserId, name: secretaryName };
      const yearly = this.seedCommitment(cell, m, 'yearly', 0, reviewer, null);
      this.w.add(MeetingPresentation, { id: this.id(), meetingId: meetings[0], commitmentId: yearly.id });
      for (let q = 1; q <= 4; q++) this.seedCommitment(cell, m, 'quarterly', q, reviewer, yearly.itemIds);
      if (cell.monthly)
        for (let mo = 1; mo <= 12; mo++)
          this.seedCommitment(cell, m, 'monthly', mo, reviewer, yearly.itemIds);
      this.seedConductCheck(cell, m.id, secretaryUserId);
      if (this.chance(0.004)) this.seedDiscipline(cell, m.id);
    }
  }

  private seedMeetings(
    cell: CellPlan,
    themeId: string,
    members: Array<{ id: string }>,
    secretaryUserId: string,
  ): string[] {
    const year = this.opts.year;
    const ids: string[] = [];
    const add = (month: number, day: number, kind: 'regular' | 'study', topic: string) => {
      const id = this.id();
      ids.push(id);
      const heldOn = isoDate(year, month, day);
      // Everybody expected; statuses drawn in member order as they always were (ids between draws).
      const attendance = members.map((m) => {
        const r = this.rand();
        const status: AttendanceStatus = r < 0.88 ? 'present' : r < 0.96 ? 'excused' : 'absent';
        return {
          id: this.id(),
          meetingId: id,
          memberId: m.id,
          status,
          expected: true,
          note: null,
        };
      });
      this.w.add(Meeting, {
        id,
        cellId: cell.id,
        heldOn,
        kind,
        topic,
        studyThemeId: kind === 'study' ? themeId : null,
        guests: null,
        minutes: kind === 'regular' ? `Biên bản sinh hoạt chi bộ tháng ${month}/${year}.` : null,
        createdByUserId: secretaryUserId,
        // The counts the meeting writes keep on the row (meetings.rules.ts, meetingAttendanceCounts).
        ...meetingAttendanceCounts(attendance),
        createdAt: at(year, month, day, 20),
        updatedAt: at(year, month, day, 20),
      });
      for (const a of attendance) this.w.add(MeetingAttendance, a);
      this.counts.meetings++;
    };
    for (let month = 1; month <= 12; month++)
      add(month, 5, 'regular', `Sinh hoạt chi bộ định kỳ tháng ${month}`);
    for (let q = 1; q <= 4; q++) add(q * 3 - 1, 20, 'study', `Sinh hoạt chuyên đề quý ${q}`);
    return ids;
  }

  /** Status at the end of the year: past periods are mostly assessed, a few lag behind. */
  private statusFor(periodType: string): Status {
    const r = this.rand();
    if (periodType === 'yearly')
      return r < 0.85 ? 'assessed' : r < 0.93 ? 'reported' : r < 0.98 ? 'accepted' : 'submitted';
    return r < 0.8
      ? 'assessed'
      : r < 0.9
        ? 'reported'
        : r < 0.97
          ? 'accepted'
          : r < 0.99
            ? 'returned'
            : 'draft';
  }

  private seedCommitment(
    cell: CellPlan,
    member: { id: string; userId: string; name: string },
    periodType: 'yearly' | 'quarterly' | 'monthly',
    periodKey: number,
    reviewer: { userId: string; name: string },
    yearlyItemIds: string[] | null,
  ): { id: string; itemIds: string[] } {
    const year = this.opts.year;
    const firstMonth =
      periodType === 'yearly' ? 1 : periodType === 'quarterly' ? periodKey * 3 - 2 : periodKey;
    const lastMonth = periodType === 'yearly' ? 12 : periodType === 'quarterly' ? periodKey * 3 : periodKey;
    const status = this.statusFor(periodType);
    const id = this.id();
    const createdAt = at(year, firstMonth, this.between(1, 5), 8);
    const submittedAt = at(year, firstMonth, this.between(5, 9), 10);
    const acceptedAt = at(year, firstMonth, this.between(10, 14), 16);
    const reportedAt = at(year, lastMonth, this.between(20, 26), 10);
    const assessedAt = at(year, lastMonth, 28, 16);
    const reached = (s: Status) => {
      const order: Status[] = ['draft', 'submitted', 'accepted', 'reported', 'assessed'];
      return status !== 'returned' && order.indexOf(status) >= order.indexOf(s);
    };

    const categories =
      periodType === 'yearly'
        ? [...YEARLY_CATEGORIES.slice(0, this.between(4, 6)), ...(this.chance(0.1) ? ['remedy'] : [])]
        : periodType === 'quarterly'
          ? ['study', 'follow', 'duty']
          : ['follow', 'duty'];
    // Outcomes drive the rating, as a secretary would judge them.
    const outcomes = categories.map(() => {
      const r = this.rand();
      return r < 0.8 ? 'done' : r < 0.95 ? 'partly' : 'not_done';
    });
    const notDone = outcomes.filter((o) => o === 'not_done').length;
    const partly = outcomes.filter((o) => o === 'partly').length;
    const rating = notDone > 0 ? 'not_achieved' : partly > 1 ? 'partly_achieved' : 'achieved';
    const itemIds: string[] = [];
    const itemFigures: Array<{ category: string; outcome: Outcome | null; exceeded: boolean | null }> = [];
    categories.forEach((category, i) => {
      const itemId = this.id();
      itemIds.push(itemId);
      const reported = reached('reported');
      // The random draws in the order they have always been made (content, codes, exceeded), so a
      // seed keeps giving the same data.
      const content = pick(this.rand, CATEGORY_TEXT[category]);
      const manifestationCodes =
        category === 'resolution4' ? JSON.stringify([this.between(1, 9), this.between(10, 27)]) : null;
      const outcome = reported ? outcomes[i] : null;
      const exceeded = reported ? outcomes[i] === 'done' && this.chance(0.1) : null;
      itemFigures.push({ category, outcome, exceeded });
      this.w.add(CommitmentItem, {
        id: itemId,
        commitmentId: id,
        position: i + 1,
        category,
        content,
        target: periodType === 'yearly' ? 'Hoàn thành trong năm' : null,
        dueDate: isoDate(year, lastMonth, 28),
        manifestationCodes,
        parentItemId: yearlyItemIds ? yearlyItemIds[i % yearlyItemIds.length] : null,
        sourceRef: null,
        outcome,
        exceeded,
        outcomeNote: null,
        removedAt: null,
        createdAt,
        updatedAt: createdAt,
      });
    });
    this.counts.items += categories.length;

    const transitions: Array<[string, Status | null, Status, Date, string, string | null]> = [
      ['create', null, 'draft', createdAt, member.userId, null],
    ];
    if (status !== 'draft')
      transitions.push(['submit', 'draft', 'submitted', submittedAt, member.userId, null]);
    if (status === 'returned') {
      transitions.push([
        'return',
        'submitted',
        'returned',
        acceptedAt,
        reviewer.userId,
        'Nội dung còn chung chung, cần cụ thể hơn',
      ]);
    }
    if (reached('accepted'))
      transitions.push(['accept', 'submitted', 'accepted', acceptedAt, reviewer.userId, null]);
    if (reached('reported'))
      transitions.push(['report', 'accepted', 'reported', reportedAt, member.userId, null]);
    if (reached('assessed'))
      transitions.push(['assess', 'reported', 'assessed', assessedAt, reviewer.userId, null]);
    transitions.forEach(([action, fromStatus, toStatus, when, actorUserId, reason], i) => {
      const byMember = actorUserId === member.userId;
      this.w.add(CommitmentTransition, {
        id: this.id(),
        commitmentId: id,
        seq: i + 1,
        action,
        fromStatus,
        toStatus,
        actorUserId,
        actorMemberId: byMember ? member.id : null,
        actorUsername: null,
        onBehalf: false,
        reason,
        at: when,
      });
    });

    const last = transitions[transitions.length - 1][3];
    this.w.add(Commitment, {
      id,
      memberId: member.id,
      cellId: cell.id,
      year,
      periodType,
      periodKey,
      status,
      deadlineOn: isoDate(year, firstMonth, periodType === 'yearly' ? 31 : 15),
      late: false,
      firstSubmittedAt: status === 'draft' ? null : submittedAt,
      submittedAt: status === 'draft' ? null : submittedAt,
      acceptedAt: reached('accepted') ? acceptedAt : null,
      acceptedByUserId: reached('accepted') ? reviewer.userId : null,
      reviewComment: null,
      reportedAt: reached('reported') ? reportedAt : null,
      assessedAt: reached('assessed') ? assessedAt : null,
      assessedByUserId: reached('assessed') ? reviewer.userId : null,
      rating: reached('assessed') ? rating : null,
      assessmentComment: null,
      shortcomings: null,
      presentedAtMeetingId: null,
      presentedAt: null,
      enteredByUserId: member.userId,
      enteredOnBehalf: false,
      version: transitions.length,
      // The counts the item writes keep on the row (commitments.rules.ts, itemCounts).
      ...itemCounts(itemFigures),
      createdAt,
      updatedAt: last,
    });
    this.counts.commitments++;

    if (periodType !== 'monthly' && reached('accepted') && this.chance(0.15)) {
      const [kind, content] = pick(this.rand, FEEDBACK);
      this.w.add(CommitmentFeedback, {
        id: this.id(),
        commitmentId: id,
        itemId: null,
        parentId: null,
        kind,
        content,
        authorUserId: reviewer.userId,
        authorMemberId: null,
        authorName: reviewer.name,
        createdAt: acceptedAt,
      });
    }
    return { id, itemIds };
  }

  /** The yearly self-check against the 27 manifestations, concluded by the cell in December. */
  private seedConductCheck(cell: CellPlan, memberId: string, secretaryUserId: string): void {
    const year = this.opts.year;
    const checkId = this.id();
    const when = at(year, 12, 10, 15);
    this.w.add(ConductCheck, {
      id: checkId,
      memberId,
      cellId: cell.id,
      year,
      quarter: 0,
      catalogVersion: this.catalogs.manifestation,
      createdAt: when,
      updatedAt: when,
    });
    for (let code = 1; code <= 27; code++) {
      const r = this.rand();
      const self = r < 0.985 ? 'none' : r < 0.997 ? 'at_risk' : 'present';
      // The cell sometimes sees more than the member admits.
      const conclusion = self === 'none' && this.chance(0.005) ? 'at_risk' : self;
      this.w.add(ConductCheckItem, {
        id: this.id(),
        checkId,
        code,
        selfStatus: self,
        selfNote: null,
        conclusionStatus: conclusion,
        conclusionNote: conclusion === 'none' ? null : 'Chi bộ đã góp ý, đồng chí cam kết khắc phục.',
        concludedByUserId: secretaryUserId,
        concludedAt: when,
      });
    }
  }

  private seedDiscipline(cell: CellPlan, memberId: string): void {
    const year = this.opts.year;
    const r = this.rand();
    this.w.add(DisciplinaryRecord, {
      id: this.id(),
      memberId,
      cellId: cell.id,
      decidedOn: isoDate(year, this.between(2, 11), this.between(1, 28)),
      form: r < 0.75 ? 'reprimand' : 'warning',
      decisionNumber: `${++this.decisionSeq}-QĐ/UBKT`,
      reason: 'Vi phạm quy định về những điều đảng viên không được làm.',
      prohibitionCodes: JSON.stringify([this.between(1, 19)]),
      prohibitionCatalogVersion: this.catalogs.prohibition,
      selfDetectedAndRemedied: this.chance(0.2),
      createdByUserId: null,
    });
    this.counts.disciplinary++;
  }
}

async function latestCatalog(qr: QueryRunner, catalog: string): Promise<number> {
  const rows = (await qr.query(
    `SELECT MAX("version") AS "v" FROM "catalog_version" WHERE "catalog" = ${qr.dataSource.options.type === 'postgres' ? '$1' : '?'}`,
    [catalog],
  )) as Array<{ v: number | string | null }>;
  return Number(rows[0]?.v ?? 1);
}

async function main(): Promise<void> {
  let config: AppConfig;
  let opts: Options;
  try {
    config = loadConfig();
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (e instanceof ConfigError || e instanceof Error) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const where =
    config.database.type === 'better-sqlite3'
      ? `SQLite ${config.database.path}`
      : 'PostgreSQL (DATABASE_URL)';
  console.log(`seed:scale: ${opts.members} members, year ${opts.year}, seed ${opts.seed} into ${where}`);
  const started = Date.now();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  const ds = app.get(DataSource);
  const qr = ds.createQueryRunner();
  try {
    const existing = (await qr.query(`SELECT COUNT(*) AS "n" FROM "organization"`)) as Array<{
      n: number | string;
    }>;
    if (Number(existing[0].n) > 0) {
      console.error(
        'seed:scale refused: the database already has organisations. Point it at an empty database.',
      );
      process.exitCode = 1;
      return;
    }
    // Random uuid keys touch pages all over every index: a large page cache keeps them in memory.
    if (config.database.type === 'better-sqlite3') await qr.query('PRAGMA cache_size = -2097152');
    const hash = await app.get(PasswordHasher).hash(opts.password);
    const catalogs = {
      manifestation: await latestCatalog(qr, 'manifestation'),
      prohibition: await latestCatalog(qr, 'prohibition'),
    };
    const bar = new cliProgress.SingleBar(
      {
        format: ' {bar} {percentage}% | {value}/{total} members | {rows} rows | {rate} rows/s',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
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
    const seeder = new ScaleSeeder(opts, writer, hash, catalogs);
    bar.start(opts.members, 0, { rows: 0, rate: 0 });
    await qr.startTransaction();
    let committedAt = 0;
    const counts = await seeder.seed(async (members) => {
      // Commit every ~100k rows: bounded WAL and memory, and progress survives an interruption.
      if (writer.rows - committedAt >= 100_000) {
        await qr.commitTransaction();
        await qr.startTransaction();
        committedAt = writer.rows;
      }
      const seconds = (Date.now() - started) / 1000;
      bar.update(members, { rows: writer.rows, rate: Math.round(writer.rows / seconds) });
    });
    await qr.commitTransaction();
    bar.stop();
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `Done in ${seconds.toFixed(1)} s: ${writer.rows} rows (${Math.round(writer.rows / seconds)} rows/s). ` +
        `${counts.committees} committees, ${counts.cells} cells, ${counts.members} members, ${counts.accounts} accounts, ` +
        `${counts.commitments} commitments with ${counts.items} items, ${counts.meetings} meetings, ` +
        `${counts.disciplinary} disciplinary records.`,
    );
    console.log(
      `Logins (password ${JSON.stringify(opts.password)}): leader of the root committee ld-tinh, ` +
        `secretary of the first cell dv0000001, a member of it dv0000003.`,
    );
  } finally {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
    await qr.release();
    await app.close();
  }
}

await main();
