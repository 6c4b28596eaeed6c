/**
 * The layout of a party document (văn bản của Đảng) as pure data: what goes top left, top right, in
 * the signature block, and how dates are written. Follows the mandatory parts that Hướng dẫn
 * 36-HD/VPTW (03/4/2018, Văn phòng Trung ương Đảng) lists, as secondary sources quote them
 * (docs/REPORTS.md, "Printed layout"): the heading "ĐẢNG CỘNG SẢN VIỆT NAM" top right, the issuing
 * body top left under its direct superior, place and date under the heading, the document's type and
 * summary, the signer's authority, position and name, and the recipients ("Nơi nhận").
 */

export interface OrganizationNode {
  name: string;
  kind: 'committee' | 'cell';
  isGrassroots: boolean;
}

/** The document's heading: issuing body (under its superior) top left, the Party's name top right. */
export interface DocumentHeading {
  /** The issuing body's direct superior, in capitals (regular weight); null at the top of the tree. */
  superior: string | null;
  /** The issuing body, in capitals (bold). */
  issuer: string;
  /** "ĐẢNG CỘNG SẢN VIỆT NAM" (bold, underlined). */
  party: string;
  /** "<place>, ngày dd tháng mm năm yyyy" (italics); the place is left out when none is known. */
  placeAndDate: string;
}

export interface SignatureBlock {
  /** "T/M CHI BỘ", "T/M ĐẢNG ỦY", "T/M BAN THƯỜNG VỤ". */
  onBehalfOf: string;
  /** The signer's position: "BÍ THƯ". */
  position: string;
  /** The head's name when the organisation records one, else null (signed by hand). */
  name: string | null;
}

export const PARTY_HEADING = 'ĐẢNG CỘNG SẢN VIỆT NAM';

const pad = (n: number) => String(n).padStart(2, '0');

function parts(isoDate: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) throw new Error(`not an ISO date: ${isoDate}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** A calendar date (YYYY-MM-DD) as Vietnamese write it in forms: `08/05/1985`; null stays empty. */
export function viDate(isoDate: string | null): string {
  if (!isoDate) return '';
  const [y, m, d] = parts(isoDate);
  return `${pad(d)}/${pad(m)}/${y}`;
}

/**
 * A calendar date in words for the place-and-date line: `ngày 07 tháng 12 năm 2026`. Days and months
 * below 10 take a leading zero (HD 36 prints the day and month with two digits, so a date cannot be
 * altered by hand).
 */
export function viLongDate(isoDate: string): string {
  const [y, m, d] = parts(isoDate);
  return `ngày ${pad(d)} tháng ${pad(m)} năm ${y}`;
}

/** Upper case in Vietnamese (the letters with diacritics included). */
export const upperVi = (s: string) => s.toLocaleUpperCase('vi-VN');

/**
 * Administrative level words after "Đảng bộ" that name a place: the committee of "Đảng bộ tỉnh Vĩnh
 * Phúc" is "Tỉnh ủy Vĩnh Phúc", of "Đảng bộ phường Liên Bảo" "Đảng ủy phường Liên Bảo".
 */
const LEVELS: Array<{ word: string; committee: (rest: string) => string }> = [
  { word: 'tỉnh', committee: (rest) => `Tỉnh ủy ${rest}` },
  { word: 'thành phố', committee: (rest) => `Thành ủy ${rest}` },
  { word: 'huyện', committee: (rest) => `Huyện ủy ${rest}` },
  { word: 'quận', committee: (rest) => `Quận ủy ${rest}` },
  { word: 'thị xã', committee: (rest) => `Thị ủy ${rest}` },
  { word: 'xã', committee: (rest) => `Đảng ủy xã ${rest}` },
  { word: 'phường', committee: (rest) => `Đảng ủy phường ${rest}` },
  { word: 'thị trấn', committee: (rest) => `Đảng ủy thị trấn ${rest}` },
  { word: 'đặc khu', committee: (rest) => `Đảng ủy đặc khu ${rest}` },
];

/** "Đảng bộ <level> <place>" split into its level and place, or null for any other name. */
function levelAndPlace(name: string): { level: (typeof LEVELS)[number]; place: string } | null {
  const m = /^đảng bộ\s+(.+)$/iu.exec(name.trim());
  if (!m) return null;
  const rest = m[1];
  for (const level of LEVELS) {
    const prefix = `${level.word} `;
    if (rest.toLocaleLowerCase('vi-VN').startsWith(prefix) && rest.length > prefix.length)
      return { level, place: rest.slice(prefix.length).trim() };
  }
  return null;
}

/**
 * The body that issues a committee's document is its committee (cấp ủy), not the organisation: "Đảng
 * bộ thành phố Vĩnh Yên" issues as "Thành ủy Vĩnh Yên", "Đảng bộ phường Ngô Quyền" as "Đảng ủy phường
 * Ngô Quyền", any other "Đảng bộ ..." as "Đảng ủy ...". A cell (chi bộ) issues under its own name.
 */
export function issuerName(org: OrganizationNode): string {
  if (org.kind === 'cell') return org.name;
  const lp = levelAndPlace(org.name);
  if (lp) return lp.level.committee(lp.place);
  const m = /^đảng bộ\s+(.+)$/iu.exec(org.name.trim());
  return m ? `Đảng ủy ${m[1]}` : org.name;
}

/**
 * The place of the place-and-date line (địa danh): the place of the nearest organisation, from the
 * issuer up, whose name is "Đảng bộ <level> <place>"; null when none is (the line then starts with
 * the date). `chain` runs from the issuer up to the top of the tree.
 */
export function placeOf(chain: ReadonlyArray<Pick<OrganizationNode, 'name'>>): string | null {
  for (const o of chain) {
    const lp = levelAndPlace(o.name);
    if (lp) return lp.place;
  }
  return null;
}

/**
 * The heading of a document issued by `chain[0]` (`chain` from the issuer up to the top) on `date`
 * (YYYY-MM-DD, the day it is printed).
 */
export function documentHeading(chain: ReadonlyArray<OrganizationNode>, date: string): DocumentHeading {
  const [issuer, superior] = chain;
  const place = placeOf(chain);
  return {
    superior: superior ? upperVi(superior.name) : null,
    issuer: upperVi(issuerName(issuer)),
    party: PARTY_HEADING,
    placeAndDate: `${place ? `${place}, ` : ''}${viLongDate(date)}`,
  };
}

/**
 * Who signs on behalf of the collective: a cell's secretary for the cell (T/M CHI BỘ); a grassroots
 * committee's secretary for its đảng ủy (T/M ĐẢNG ỦY); above the grassroots, for the standing
 * committee (T/M BAN THƯỜNG VỤ).
 */
export function signatureBlock(org: OrganizationNode, headName: string | null): SignatureBlock {
  const onBehalfOf =
    org.kind === 'cell' ? 'T/M CHI BỘ' : org.isGrassroots ? 'T/M ĐẢNG ỦY' : 'T/M BAN THƯỜNG VỤ';
  return { onBehalfOf, position: 'BÍ THƯ', name: headName };
}

/**
 * Where a report goes: the committee above (when there is one) and the issuer's file copy. A cell's
 * report goes to the grassroots committee's đảng ủy, a committee's to the standing committee above.
 */
export function recipientsOf(chain: ReadonlyArray<OrganizationNode>): string[] {
  const superior = chain[1];
  const out: string[] = [];
  if (superior) {
    const body = issuerName(superior);
    out.push(superior.isGrassroots || chain[0].kind === 'cell' ? body : `Ban Thường vụ ${body}`);
  }
  out.push(chain[0].kind === 'cell' ? 'Lưu chi bộ' : 'Lưu Văn phòng cấp ủy');
  return out;
}
