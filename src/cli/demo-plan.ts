import { addDays, buildDemoYear, DemoYear, pad } from './demo-year.js';
import { NameGender, pick, seededRandom, VietnameseNameGenerator } from './vietnamese-names.js';

/**
 * The demo organisation as plain data (no Nest, no I/O), as it stands after the 2025 reform (no
 * district level, QĐ 294-QĐ/TW §10.1): the provincial committee of Phú Thọ directly over four
 * grassroots ward committees, twelve cells and 300 members. `past` holds the units the reform closed
 * on 1 July 2025: the Vĩnh Yên city committee of the seed report, under which those wards stood, and
 * the Vĩnh Phúc provincial committee above it (Vĩnh Phúc merged into Phú Thọ). The seeder builds the
 * tree as it stood before, then closes them through the closure operation. It turns the plan into
 * records through the application's services. Everything random comes from `seed`; dates are placed
 * relative to `today` so probationary members are really within their 12 months. `life` is the
 * current year of those cells (commitments, reviews, feedback, results, meetings, and when each
 * happened), fixed choices by member index with no randomness at all (demo-year.ts).
 */

/** The one password of every demo login (README.md lists them). */
export const DEMO_PASSWORD = 'CamKet-Demo-2026';
export const DEMO_SEED = 20_201_016;

type CellProfile = 'province-office' | 'ward-office' | 'residential' | 'school' | 'health';

export interface PlannedMember {
  fullName: string;
  gender: NameGender;
  dateOfBirth: string;
  status: 'official' | 'probationary';
  joinedPartyOn: string;
  /** Only official members hold a party card (thẻ đảng viên). */
  partyCardNumber?: string;
  position: string;
  isExempt: boolean;
}

export interface PlannedCell {
  code: string;
  name: string;
  /** A chi bộ cơ sở directly under a higher committee; false for cells under a ward committee. */
  isGrassroots: boolean;
  members: PlannedMember[];
}

/** A member addressed by the code of their cell and their index in it. */
export interface MemberRef {
  cellCode: string;
  index: number;
}

export interface PlannedCommittee {
  code: string;
  name: string;
  isGrassroots: boolean;
  /** Who heads the committee (Bí thư); a cell is headed by its first member. */
  head: MemberRef;
  cells: PlannedCell[];
  committees: PlannedCommittee[];
}

export interface PlannedLogin {
  username: string;
  role: 'leader' | 'secretary' | 'member';
  /** The organisation the role is scoped to (none for the plain member role). */
  organizationCode: string | null;
  member: MemberRef;
  description: string;
}

/**
 * A committee the reform closed: created as it stood (top level or under an earlier past unit, with
 * `formerChildren` of the current tree under it), then closed by merging it into `successorCode`,
 * which takes its open children. Its own cells close first, each merged into a cell of the current
 * tree; they have no members (the demo does not model the closed units' staff), so no head either.
 */
export interface PlannedPastCommittee {
  code: string;
  name: string;
  /** The past committee it stood under (null: top level). */
  parentCode: string | null;
  /** Committees of the current tree that stood under it until it closed. */
  formerChildren: string[];
  cells: Array<{ code: string; name: string; successorCode: string }>;
  closedOn: string;
  successorCode: string;
  /** The decision, kept in the closure's audit entry. */
  reason: string;
}

export interface DemoPlan {
  /** The tree as it stands now. */
  root: PlannedCommittee;
  /** Committees closed by the 2025 reform, in the order they are created and closed. */
  past: PlannedPastCommittee[];
  logins: PlannedLogin[];
  /** The current year's commitments and meetings (see buildDemoYear). */
  life: DemoYear;
}

interface CellSpec {
  code: string;
  name: string;
  profile: CellProfile;
  size: number;
  /** Position of the committee head placed at index 2 of this cell, if any. */
  headTitle?: string;
}

const PROVINCE_CODE = 'T-PT';

/** The day the 2025 reform took effect: no district level, Vĩnh Phúc merged into Phú Thọ. */
export const REFORM_DAY = '2025-07-01';

/**
 * Until 30 June 2025 the wards stood under the Vĩnh Yên city committee (the seed report's Thành ủy),
 * itself under the Vĩnh Phúc provincial committee. Vĩnh Phúc closes first (merged into Phú Thọ, which
 * takes the city), then the city (merged into Phú Thọ, which takes its wards); the closed city stays
 * under Phú Thọ, readable by its leaders.
 */
const PAST: readonly PlannedPastCommittee[] = [
  {
    code: 'T-VP',
    name: 'Đảng bộ tỉnh Vĩnh Phúc',
    parentCode: null,
    formerChildren: [],
    cells: [],
    closedOn: REFORM_DAY,
    successorCode: PROVINCE_CODE,
    reason: 'Sắp xếp đơn vị hành chính cấp tỉnh năm 2025: tỉnh Vĩnh Phúc hợp nhất vào tỉnh Phú Thọ',
  },
  {
    code: 'TP-VY',
    name: 'Đảng bộ thành phố Vĩnh Yên',
    parentCode: 'T-VP',
    formerChildren: ['P-LB', 'P-NQ', 'P-DD', 'P-TS'],
    cells: [{ code: 'TP-VY.VPTU', name: 'Chi bộ Văn phòng Thành ủy', successorCode: 'T-PT.VPTU' }],
    closedOn: REFORM_DAY,
    successorCode: PROVINCE_CODE,
    reason:
      'Kết thúc hoạt động của đảng bộ cấp huyện từ ngày 01/07/2025; các đảng bộ phường trực thuộc Tỉnh ủy',
  },
];

const WARDS: ReadonlyArray<{ code: string; name: string; cells: CellSpec[] }> = [
  {
    code: 'P-LB',
    name: 'Đảng bộ phường Liên Bảo',
    cells: [
      {
        code: 'P-LB.CQ',
        name: 'Chi bộ Cơ quan phường Liên Bảo',
        profile: 'ward-office',
        size: 20,
        headTitle: 'Bí thư Đảng ủy phường',
      },
      { code: 'P-LB.TDP1', name: 'Chi bộ Tổ dân phố số 1', profile: 'residential', size: 42 },
      { code: 'P-LB.THCS', name: 'Chi bộ Trường THCS Liên Bảo', profile: 'school', size: 16 },
    ],
  },
  {
    code: 'P-NQ',
    name: 'Đảng bộ phường Ngô Quyền',
    cells: [
      {
        code: 'P-NQ.CQ',
        name: 'Chi bộ Cơ quan phường Ngô Quyền',
        profile: 'ward-office',
        size: 18,
        headTitle: 'Bí thư Đảng ủy phường',
      },
      { code: 'P-NQ.TDP3', name: 'Chi bộ Tổ dân phố số 3', profile: 'residential', size: 44 },
      { code: 'P-NQ.TYT', name: 'Chi bộ Trạm Y tế phường Ngô Quyền', profile: 'health', size: 10 },
    ],
  },
  {
    code: 'P-DD',
    name: 'Đảng bộ phường Đống Đa',
    cells: [
      {
        code: 'P-DD.CQ',
        name: 'Chi bộ Cơ quan phường Đống Đa',
        profile: 'ward-office',
        size: 18,
        headTitle: 'Bí thư Đảng ủy phường',
      },
      { code: 'P-DD.KP2', name: 'Chi bộ Khu phố 2', profile: 'residential', size: 40 },
      { code: 'P-DD.TH', name: 'Chi bộ Trường Tiểu học Đống Đa', profile: 'school', size: 14 },
    ],
  },
  {
    code: 'P-TS',
    name: 'Đảng bộ phường Tích Sơn',
    cells: [
      {
        code: 'P-TS.CQ',
        name: 'Chi bộ Cơ quan phường Tích Sơn',
        profile: 'ward-office',
        size: 16,
        headTitle: 'Bí thư Đảng ủy phường',
      },
      { code: 'P-TS.TDP5', name: 'Chi bộ Tổ dân phố số 5', profile: 'residential', size: 44 },
    ],
  },
];

/** The province's own grassroots cell (chi bộ cơ sở), where the Bí thư Tỉnh ủy is a member. */
const PROVINCE_CELL: CellSpec = {
  code: 'T-PT.VPTU',
  name: 'Chi bộ Văn phòng Tỉnh ủy',
  profile: 'province-office',
  size: 18,
  headTitle: 'Bí thư Tỉnh ủy',
};

/**
 * Positions (chức vụ): `titles` are held by one person each and go, in order, to the members after
 * the secretary, the deputy and the committee head; everybody else gets one of `common`.
 */
const POSITIONS: Record<CellProfile, { titles: readonly string[]; common: readonly string[] }> = {
  'province-office': {
    titles: [
      'Phó Bí thư Tỉnh ủy',
      'Chánh Văn phòng Tỉnh ủy',
      'Trưởng Ban Tổ chức Tỉnh ủy',
      'Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy',
      'Phó Chánh Văn phòng Tỉnh ủy',
    ],
    common: [
      'Chuyên viên Văn phòng Tỉnh ủy',
      'Chuyên viên Ban Tổ chức Tỉnh ủy',
      'Chuyên viên Ban Tuyên giáo và Dân vận Tỉnh ủy',
      'Chuyên viên Ủy ban Kiểm tra Tỉnh ủy',
      'Chuyên viên Văn phòng Tỉnh ủy',
    ],
  },
  'ward-office': {
    titles: [
      'Chủ tịch Ủy ban nhân dân phường',
      'Phó Chủ tịch Ủy ban nhân dân phường',
      'Chủ tịch Ủy ban MTTQ phường',
      'Chủ tịch Hội Cựu chiến binh phường',
      'Chủ tịch Hội Liên hiệp Phụ nữ phường',
      'Bí thư Đoàn Thanh niên phường',
      'Chỉ huy trưởng Ban Chỉ huy Quân sự phường',
    ],
    common: [
      'Công chức Văn phòng - Thống kê',
      'Công chức Tư pháp - Hộ tịch',
      'Công chức Địa chính - Xây dựng',
      'Công chức Văn hóa - Xã hội',
      'Công chức Tài chính - Kế toán',
    ],
  },
  residential: {
    titles: ['Tổ trưởng tổ dân phố', 'Trưởng ban công tác Mặt trận', 'Chi hội trưởng Phụ nữ'],
    common: ['Công nhân', 'Kinh doanh tự do', 'Viên chức', 'Lao động tự do', 'Nhân viên văn phòng'],
  },
  school: {
    titles: ['Hiệu trưởng', 'Phó Hiệu trưởng', 'Tổng phụ trách Đội', 'Kế toán'],
    common: ['Giáo viên', 'Giáo viên', 'Giáo viên', 'Tổ trưởng chuyên môn'],
  },
  health: {
    titles: ['Trưởng Trạm Y tế', 'Phó Trưởng Trạm Y tế'],
    common: ['Bác sĩ', 'Y sĩ', 'Điều dưỡng', 'Dược sĩ', 'Nữ hộ sinh'],
  },
};

/** Positions of retired members of residential cells (62 and older). */
const RETIRED_POSITIONS = ['Cán bộ hưu trí', 'Cán bộ hưu trí', 'Cựu chiến binh', 'Giáo viên nghỉ hưu'];

/** Share of women per kind of cell. */
const FEMALE_SHARE: Record<CellProfile, number> = {
  'province-office': 0.4,
  'ward-office': 0.45,
  residential: 0.4,
  school: 0.75,
  health: 0.7,
};

/** Youngest and oldest age per kind of cell; residential cells are mostly retirees. */
const AGE_RANGE: Record<CellProfile, readonly [number, number]> = {
  'province-office': [26, 58],
  'ward-office': [26, 58],
  residential: [30, 88],
  school: [25, 58],
  health: [26, 58],
};

/** Ages of the secretary, deputy, committee head and title holders (retirees in residential cells). */
const LEADERSHIP_AGE: Record<'residential' | 'working', readonly [number, number]> = {
  residential: [52, 76],
  working: [42, 58],
};

/** Age from which an old member of a residential cell may be exempt (miễn công tác và sinh hoạt đảng). */
const EXEMPT_FROM_AGE = 75;

/** A date in `year` from two draws (month, day); days stop at 28 so every month has them. */
function isoOf(year: number, [rMonth, rDay]: number[]): string {
  return `${year}-${pad(1 + Math.floor(rMonth * 12))}-${pad(1 + Math.floor(rDay * 28))}`;
}

class MemberFactory {
  private readonly names: VietnameseNameGenerator;
  private readonly rand: () => number;
  private readonly cards = new Set<string>();
  private readonly year: number;

  constructor(
    seed: number,
    private readonly today: string,
  ) {
    // Two streams: names depend only on the seed and the gender sequence, never on `today`.
    this.names = new VietnameseNameGenerator(seededRandom(seed));
    this.rand = seededRandom(seed ^ 0x9e3779b9);
    this.year = Number(today.slice(0, 4));
  }

  cell(spec: CellSpec): PlannedMember[] {
    return Array.from({ length: spec.size }, (_, index) => this.member(spec, index));
  }

  private member(spec: CellSpec, index: number): PlannedMember {
    // Every draw is made for every member, in the same order, so one branch never shifts the rest.
    const [rGender, rAge, rJoin, rStatus, rExempt, rPosition, rProbation] = this.draws(7);
    const [birthDay, joinDay] = [this.draws(2), this.draws(2)];
    const gender: NameGender = rGender < FEMALE_SHARE[spec.profile] ? 'female' : 'male';
    const fullName = this.names.next(gender);

    const { titles, common } = POSITIONS[spec.profile];
    const titleIndex = index - 3;
    const holdsTitle = titleIndex >= 0 && titleIndex < titles.length;
    // Secretary, deputy, committee head and title holders: never probationary, never exempt.
    const senior = index < 2 || (index === 2 && spec.headTitle !== undefined) || holdsTitle;
    const residential = spec.profile === 'residential';
    const [minAge, maxAge] = senior
      ? LEADERSHIP_AGE[residential ? 'residential' : 'working']
      : AGE_RANGE[spec.profile];
    // Residential cells lean old (rAge^0.6 pushes towards the top of the range).
    const ageShare = residential && !senior ? rAge ** 0.6 : rAge;
    const age = minAge + Math.floor(ageShare * (maxAge - minAge + 1));
    const dateOfBirth = isoOf(this.year - age, birthDay);

    const status = !senior && age < 45 && rStatus < 0.2 ? 'probationary' : 'official';
    let joinedPartyOn: string;
    if (status === 'probationary') {
      // Probation lasts 12 months (Điều lệ Đảng, Điều 5): admitted 1 to 11 months ago.
      joinedPartyOn = addDays(this.today, -(30 + Math.floor(rProbation * 300)));
    } else {
      // Admitted at 19 or later and at least two years ago.
      const joinAge = 19 + Math.floor(rJoin * Math.max(1, Math.min(age - 21, 26)));
      joinedPartyOn = isoOf(Math.min(this.year - 2, this.year - age + joinAge), joinDay);
    }

    const isExempt =
      residential && !senior && status === 'official' && age >= EXEMPT_FROM_AGE && rExempt < 0.25;

    let position: string;
    if (index === 0) position = 'Bí thư chi bộ';
    else if (index === 1) position = 'Phó Bí thư chi bộ';
    else if (index === 2 && spec.headTitle) position = spec.headTitle;
    else if (titleIndex >= 0 && titleIndex < titles.length) position = titles[titleIndex];
    else if (residential && age >= 62) position = pick(() => rPosition, RETIRED_POSITIONS);
    else position = pick(() => rPosition, common);

    return {
      fullName,
      gender,
      dateOfBirth,
      status,
      joinedPartyOn,
      partyCardNumber: status === 'official' ? this.cardNumber() : undefined,
      position,
      isExempt,
    };
  }

  private draws(n: number): number[] {
    return Array.from({ length: n }, () => this.rand());
  }

  private cardNumber(): string {
    for (;;) {
      const card = String(10_000_000 + Math.floor(this.rand() * 89_999_999));
      if (!this.cards.has(card)) {
        this.cards.add(card);
        return card;
      }
    }
  }
}

/** The whole demo, deterministic for a given seed and date. */
export function buildDemoPlan(options: { seed?: number; today: string }): DemoPlan {
  const factory = new MemberFactory(options.seed ?? DEMO_SEED, options.today);
  const cellOf = (spec: CellSpec, isGrassroots: boolean): PlannedCell => ({
    code: spec.code,
    name: spec.name,
    isGrassroots,
    members: factory.cell(spec),
  });
  const provinceCell = cellOf(PROVINCE_CELL, true);
  const wards: PlannedCommittee[] = WARDS.map((w) => ({
    code: w.code,
    name: w.name,
    isGrassroots: true,
    head: { cellCode: w.cells.find((c) => c.headTitle)!.code, index: 2 },
    cells: w.cells.map((c) => cellOf(c, false)),
    committees: [],
  }));
  const root: PlannedCommittee = {
    code: PROVINCE_CODE,
    name: 'Đảng bộ tỉnh Phú Thọ',
    isGrassroots: false,
    head: { cellCode: PROVINCE_CELL.code, index: 2 },
    cells: [provinceCell],
    committees: wards,
  };

  const tdp1 = wards[0].cells.find((c) => c.code === 'P-LB.TDP1')!;
  const firstPlain = 3 + POSITIONS.residential.titles.length;
  const plainIndex = tdp1.members.findIndex(
    (m, i) => i >= firstPlain && m.status === 'official' && !m.isExempt,
  );
  const logins: PlannedLogin[] = [
    {
      username: 'tinhuy.phutho',
      role: 'leader',
      organizationCode: PROVINCE_CODE,
      member: root.head,
      description: 'Tỉnh ủy (leader of the provincial committee, whole tree)',
    },
    {
      username: 'thanhuy.vinhyen',
      role: 'leader',
      organizationCode: PROVINCE_CODE,
      member: { cellCode: PROVINCE_CELL.code, index: 3 },
      description:
        'Phó Bí thư Tỉnh ủy (the whole tree too; the login kept from the Vĩnh Yên city committee, closed 01/07/2025)',
    },
    {
      username: 'danguy.lienbao',
      role: 'leader',
      organizationCode: 'P-LB',
      member: wards[0].head,
      description: 'Đảng ủy phường Liên Bảo (leader of one ward committee)',
    },
    {
      username: 'bithu.tdp1',
      role: 'secretary',
      organizationCode: tdp1.code,
      member: { cellCode: tdp1.code, index: 0 },
      description: 'Bí thư Chi bộ Tổ dân phố số 1, phường Liên Bảo (secretary)',
    },
    {
      username: 'phobithu.tdp1',
      role: 'secretary',
      organizationCode: tdp1.code,
      member: { cellCode: tdp1.code, index: 1 },
      description: 'Phó Bí thư of the same cell (reviews the secretary’s own records)',
    },
    {
      username: 'dangvien.tdp1',
      role: 'member',
      organizationCode: null,
      member: { cellCode: tdp1.code, index: plainIndex },
      description: 'Đảng viên of the same cell (member)',
    },
  ];
  const life = buildDemoYear(
    { cells: planCells(root), logins, leaderAbove: (cellCode) => leaderAbove({ root, logins }, cellCode) },
    options.today,
  );
  const past = PAST.map((p) => ({
    ...p,
    formerChildren: [...p.formerChildren],
    cells: p.cells.map((c) => ({ ...c })),
  }));
  return { root, past, logins, life };
}

/** The login of the leader of the nearest committee above a cell (the province's at least), if any. */
function leaderAbove(plan: Pick<DemoPlan, 'root' | 'logins'>, cellCode: string): string | undefined {
  const path = (c: PlannedCommittee): PlannedCommittee[] | null => {
    if (c.cells.some((x) => x.code === cellCode)) return [c];
    for (const sub of c.committees) {
      const below = path(sub);
      if (below) return [c, ...below];
    }
    return null;
  };
  for (const committee of (path(plan.root) ?? []).reverse()) {
    const leader = plan.logins.find((l) => l.role === 'leader' && l.organizationCode === committee.code);
    if (leader) return leader.username;
  }
  return undefined;
}

/** Every cell of the plan, depth first. */
export function planCells(committee: PlannedCommittee): PlannedCell[] {
  return [...committee.cells, ...committee.committees.flatMap(planCells)];
}

/** Every committee of the plan, parents before children. */
export function planCommittees(committee: PlannedCommittee): PlannedCommittee[] {
  return [committee, ...committee.committees.flatMap(planCommittees)];
}
