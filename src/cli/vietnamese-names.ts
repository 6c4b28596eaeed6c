/**
 * Deterministic Vietnamese full names for demo data: the same seed always gives the same people.
 * Frequencies follow the usual shape of northern Vietnam (Vĩnh Phúc): Nguyễn for about a third of
 * people, "Văn" and "Thị" as the most common middle names of the older generations.
 * All strings are NFC, as the members service stores them.
 */

export type NameGender = 'male' | 'female';

/** A small seeded PRNG (mulberry32): fast, 32-bit state, good enough for demo data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Weighted = ReadonlyArray<readonly [string, number]>;

/** Surnames (họ) with rough weights in percent. */
const SURNAMES: Weighted = [
  ['Nguyễn', 36],
  ['Trần', 11],
  ['Lê', 9],
  ['Phạm', 7],
  ['Hoàng', 5],
  ['Vũ', 4],
  ['Phan', 3],
  ['Đỗ', 3],
  ['Đặng', 2.5],
  ['Bùi', 2.5],
  ['Ngô', 2],
  ['Dương', 2],
  ['Lưu', 1.5],
  ['Đinh', 1.5],
  ['Trịnh', 1.5],
  ['Đào', 1.5],
  ['Hà', 1.5],
  ['Lý', 1],
  ['Tạ', 1],
  ['Khổng', 0.5],
];

/** Middle names (tên đệm). */
const MIDDLE: Record<NameGender, Weighted> = {
  male: [
    ['Văn', 34],
    ['Đức', 9],
    ['Minh', 9],
    ['Quang', 7],
    ['Hữu', 6],
    ['Xuân', 5],
    ['Mạnh', 4],
    ['Ngọc', 4],
    ['Công', 4],
    ['Đình', 5],
    ['Thanh', 4],
    ['Tiến', 3],
    ['Trọng', 3],
    ['Quốc', 3],
  ],
  female: [
    ['Thị', 44],
    ['Thu', 7],
    ['Ngọc', 6],
    ['Thanh', 6],
    ['Minh', 5],
    ['Hồng', 5],
    ['Phương', 4],
    ['Kim', 4],
    ['Thùy', 4],
    ['Diệu', 2],
    ['Mai', 3],
    ['Hải', 2],
  ],
};

/** Given names (tên). */
const GIVEN: Record<NameGender, readonly string[]> = {
  male: [
    'An',
    'Anh',
    'Bình',
    'Cường',
    'Chiến',
    'Dũng',
    'Đạt',
    'Đức',
    'Giang',
    'Hải',
    'Hào',
    'Hiếu',
    'Hòa',
    'Hoàng',
    'Hùng',
    'Huy',
    'Khánh',
    'Khoa',
    'Kiên',
    'Lâm',
    'Long',
    'Lợi',
    'Mạnh',
    'Minh',
    'Nam',
    'Nghĩa',
    'Phong',
    'Phúc',
    'Quân',
    'Quang',
    'Sơn',
    'Tài',
    'Thắng',
    'Thành',
    'Thịnh',
    'Toàn',
    'Trung',
    'Tuấn',
    'Tùng',
    'Việt',
    'Vinh',
    'Vượng',
  ],
  female: [
    'An',
    'Anh',
    'Bích',
    'Chi',
    'Dung',
    'Giang',
    'Hà',
    'Hạnh',
    'Hằng',
    'Hiền',
    'Hoa',
    'Hồng',
    'Huệ',
    'Hương',
    'Huyền',
    'Lan',
    'Liên',
    'Linh',
    'Loan',
    'Mai',
    'Nga',
    'Ngọc',
    'Nhung',
    'Oanh',
    'Phương',
    'Quyên',
    'Quỳnh',
    'Tâm',
    'Thảo',
    'Thơm',
    'Thủy',
    'Trang',
    'Tuyết',
    'Vân',
    'Yến',
  ],
};

/** Second middle names some women carry after "Thị" ("Nguyễn Thị Thu Hà"). */
const SECOND_MIDDLE_FEMALE: readonly string[] = ['Thu', 'Ngọc', 'Thanh', 'Minh', 'Hồng', 'Kim', 'Thúy'];

function pickWeighted(rand: () => number, items: Weighted): string {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [value, w] of items) {
    r -= w;
    if (r < 0) return value;
  }
  return items[items.length - 1][0];
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

/** One full name "Họ Đệm Tên" drawn from `rand`; the middle and given name never repeat each other. */
export function vietnameseName(rand: () => number, gender: NameGender): string {
  const surname = pickWeighted(rand, SURNAMES);
  let middle = pickWeighted(rand, MIDDLE[gender]);
  if (gender === 'female' && middle === 'Thị' && rand() < 0.15)
    middle = `Thị ${pick(rand, SECOND_MIDDLE_FEMALE)}`;
  let given = pick(rand, GIVEN[gender]);
  while (middle.split(' ').includes(given)) given = pick(rand, GIVEN[gender]);
  return `${surname} ${middle} ${given}`.normalize('NFC');
}

/**
 * Draws names from one seeded stream and never hands out the same full name twice, so a demo
 * search for a name finds one person.
 */
export class VietnameseNameGenerator {
  private readonly used = new Set<string>();

  constructor(private readonly rand: () => number) {}

  next(gender: NameGender): string {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const name = vietnameseName(this.rand, gender);
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    throw new Error('VietnameseNameGenerator: no unused name left after 1000 draws');
  }
}
