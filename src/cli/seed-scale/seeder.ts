/**
 * seed:scale's data: the organisation tree, then cell by cell its members and accounts, meetings
 * with attendance, commitments (commitments.ts), self-checks and a few disciplinary records,
 * handed to the batch writer in the order they have always been drawn.
 */
import { ConductCheck, ConductCheckItem } from '../../conduct-checks/conduct-check.entity.js';
import { DisciplinaryRecord } from '../../discipline/disciplinary-record.entity.js';
import {
  AttendanceStatus,
  Meeting,
  MeetingAttendance,
  MeetingPresentation,
} from '../../meetings/meeting.entity.js';
import { meetingAttendanceCounts } from '../../meetings/meetings.rules.js';
import { foldVietnamese } from '../../common/text.js';
import { Member, SEARCH_NAME_LENGTH } from '../../members/member.entity.js';
import { MemberCellHistory } from '../../members/member-cell-history.entity.js';
import { Organization } from '../../organizations/organization.entity.js';
import { StudyTheme } from '../../study-themes/study-theme.entity.js';
import { RoleAssignment } from '../../auth/role-assignment.entity.js';
import { User } from '../../auth/user.entity.js';
import { BatchWriter, Row } from './batch-writer.js';
import { CommitmentContext, seedCommitment } from './commitments.js';
import { at, isoDate, pad, ScaleDraws } from './draws.js';
import { pick, vietnameseName } from '../vietnamese-names.js';

export interface ScaleOptions {
  members: number;
  year: number;
  seed: number;
  password: string;
}

interface CellPlan {
  id: string;
  code: string;
  name: string;
  path: string;
  size: number;
  monthly: boolean;
}

export interface Counts {
  committees: number;
  cells: number;
  members: number;
  accounts: number;
  commitments: number;
  items: number;
  meetings: number;
  disciplinary: number;
}

export class ScaleSeeder {
  private readonly d: ScaleDraws;
  /** The draws, writer and counts the commitments family shares. */
  private readonly commitments: CommitmentContext;
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
    private readonly opts: ScaleOptions,
    private readonly w: BatchWriter,
    private readonly passwordHash: string,
    private readonly catalogs: { manifestation: number; prohibition: number },
  ) {
    this.d = new ScaleDraws(opts.seed);
    this.commitments = { draws: this.d, w, year: opts.year, counts: this.counts };
  }

  /** Splits the members into cells of 15-35 and the cells into grassroots committees of 6-20. */
  planTree(): { committees: Row[]; cells: CellPlan[]; leaders: Array<{ orgId: string; code: string }> } {
    const sizes: number[] = [];
    for (let left = this.opts.members; left > 0;) {
      let size = Math.min(left, this.d.between(15, 35));
      if (left - size > 0 && left - size < 15) size = left; // no tiny last cell
      sizes.push(size);
      left -= size;
    }
    const groups: number[][] = [];
    for (let i = 0; i < sizes.length;) {
      const n = this.d.between(6, 20);
      groups.push(sizes.slice(i, i + n));
      i += n;
    }
    const committees: Row[] = [];
    const leaders: Array<{ orgId: string; code: string }> = [];
    const org = (code: string, name: string, parent: Row | null, grassroots: boolean) => {
      const id = this.d.id();
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
        `Đảng bộ ${pick(this.d.rand, ['phường', 'xã', 'cơ quan'])} số ${g + 1}`,
        parent,
        true,
      );
      group.forEach((size, c) => {
        const id = this.d.id();
        cells.push({
          id,
          code: `${code}-CB${pad(c + 1)}`,
          name: `Chi bộ ${pick(this.d.rand, ['tổ dân phố', 'thôn', 'khu phố'])} số ${c + 1} (${code})`,
          path: `${grassroots.path}${id}/`,
          size,
          monthly: this.d.chance(0.33),
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
    const themeId = this.d.id();
    this.w.add(StudyTheme, {
      id: themeId,
      organizationId: rootId,
      year,
      title: `Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm ${year}`,
      description: 'Chuyên đề năm của Tỉnh ủy, áp dụng cho toàn Đảng bộ.',
    });
    for (const l of leaders) {
      const userId = this.d.id();
      this.w.add(User, {
        id: userId,
        username: `ld-${l.code.toLowerCase()}`,
        passwordHash: this.passwordHash,
        memberId: null,
      });
      this.w.add(RoleAssignment, { id: this.d.id(), userId, role: 'leader', organizationId: l.orgId });
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
      const gender = this.d.chance(0.45) ? 'female' : 'male';
      const fullName = vietnameseName(this.d.rand, gender);
      const born = this.d.between(1945, 2001);
      // Joined before the year; the probation lasts 12 months, so recent joiners are still probationary.
      const joinedYear = Math.min(year - 1, born + this.d.between(20, 40));
      const probationary = joinedYear === year - 1 && this.d.chance(0.7);
      const exempt = born < 1955 && this.d.chance(0.5);
      const id = this.d.id();
      const joined = isoDate(joinedYear, this.d.between(1, 12), this.d.between(1, 28));
      this.w.add(Member, {
        id,
        fullName,
        searchName: foldVietnamese(fullName, SEARCH_NAME_LENGTH),
        partyCardNumber: String(10_000_000 + seq),
        dateOfBirth: isoDate(born, this.d.between(1, 12), this.d.between(1, 28)),
        gender,
        cellId: cell.id,
        status: probationary ? 'probationary' : 'official',
        joinedPartyOn: joined,
        position: i === 0 ? 'Bí thư chi bộ' : i === 1 ? 'Phó bí thư chi bộ' : null,
        isExempt: exempt && i > 1,
        isSuspended: false,
      });
      this.w.add(MemberCellHistory, {
        id: this.d.id(),
        memberId: id,
        cellId: cell.id,
        fromAt: at(year - 1, 12, 15),
        toAt: null,
        reason: 'registered',
      });
      const userId = this.d.id();
      this.w.add(User, {
        id: userId,
        username: `dv${pad(seq, 7)}`,
        passwordHash: this.passwordHash,
        memberId: id,
      });
      this.counts.accounts++;
      if (i < 2) {
        // The secretary and the deputy secretary both hold the cell's secretary role.
        this.w.add(RoleAssignment, { id: this.d.id(), userId, role: 'secretary', organizationId: cell.id });
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
      const yearly = seedCommitment(this.commitments, cell, m, 'yearly', 0, reviewer, null);
      this.w.add(MeetingPresentation, { id: this.d.id(), meetingId: meetings[0], commitmentId: yearly.id });
      for (let q = 1; q <= 4; q++)
        seedCommitment(this.commitments, cell, m, 'quarterly', q, reviewer, yearly.itemIds);
      if (cell.monthly)
        for (let mo = 1; mo <= 12; mo++)
          seedCommitment(this.commitments, cell, m, 'monthly', mo, reviewer, yearly.itemIds);
      this.seedConductCheck(cell, m.id, secretaryUserId);
      if (this.d.chance(0.004)) this.seedDiscipline(cell, m.id);
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
      const id = this.d.id();
      ids.push(id);
      const heldOn = isoDate(year, month, day);
      // Everybody expected; statuses drawn in member order as they always were (ids between draws).
      const attendance = members.map((m) => {
        const r = this.d.rand();
        const status: AttendanceStatus = r < 0.88 ? 'present' : r < 0.96 ? 'excused' : 'absent';
        return {
          id: this.d.id(),
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

  /** The yearly self-check against the 27 manifestations, concluded by the cell in December. */
  private seedConductCheck(cell: CellPlan, memberId: string, secretaryUserId: string): void {
    const year = this.opts.year;
    const checkId = this.d.id();
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
      const r = this.d.rand();
      const self = r < 0.985 ? 'none' : r < 0.997 ? 'at_risk' : 'present';
      // The cell sometimes sees more than the member admits.
      const conclusion = self === 'none' && this.d.chance(0.005) ? 'at_risk' : self;
      this.w.add(ConductCheckItem, {
        id: this.d.id(),
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
    const r = this.d.rand();
    this.w.add(DisciplinaryRecord, {
      id: this.d.id(),
      memberId,
      cellId: cell.id,
      decidedOn: isoDate(year, this.d.between(2, 11), this.d.between(1, 28)),
      form: r < 0.75 ? 'reprimand' : 'warning',
      decisionNumber: `${++this.decisionSeq}-QĐ/UBKT`,
      reason: 'Vi phạm quy định về những điều đảng viên không được làm.',
      prohibitionCodes: JSON.stringify([this.d.between(1, 19)]),
      prohibitionCatalogVersion: this.catalogs.prohibition,
      selfDetectedAndRemedied: this.d.chance(0.2),
      createdByUserId: null,
    });
    this.counts.disciplinary++;
  }
}
