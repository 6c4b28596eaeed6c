import type { CatalogItem, CatalogName } from './catalog.entity.js';
import type { CatalogItemView } from './manifestations.responses.js';

/** NQ 04-NQ/TW: 27 manifestations in three groups of nine; QĐ 37-QĐ/TW: 19 prohibitions. */
export const CATALOG_SIZE: Record<CatalogName, number> = { manifestation: 27, prohibition: 19 };

export const MANIFESTATION_GROUPS = ['political-ideology', 'ethics-lifestyle', 'self-evolution'] as const;
export type ManifestationGroup = (typeof MANIFESTATION_GROUPS)[number];

export const VERIFICATIONS = ['verbatim', 'partial', 'english-only', 'english-partial', 'none'] as const;
export type Verification = (typeof VERIFICATIONS)[number];

/** Shown instead of wording that nobody has compared with the official text yet. */
export const PENDING_TEXT_VI = 'Đang cập nhật nội dung chính thức';

/** The wording a client shows: verified text as is; anything else flagged, never passed off as official. */
export function displayTextOf(item: Pick<CatalogItem, 'code' | 'text' | 'verified'>): string {
  if (item.verified && item.text) return item.text;
  if (item.text) return `${item.text} (chưa đối chiếu đầy đủ với văn bản chính thức)`;
  return `Số ${item.code}: ${PENDING_TEXT_VI}`;
}

export function toCatalogItemView(item: CatalogItem): CatalogItemView {
  return {
    code: item.code,
    group: item.groupCode,
    text: item.text,
    displayText: displayTextOf(item),
    verified: item.verified,
    verification: item.verification,
    summaryEn: item.summaryEn,
    draftUnverified: item.draftUnverified,
    topicHint: item.topicHint,
    source: item.source,
    sourceKind: item.sourceKind ?? null,
    note: item.note,
    catalogVersion: item.catalogVersion,
  };
}

/** The manifestation group of a code: 1-9, 10-18, 19-27. */
export function groupOfManifestation(code: number): (typeof MANIFESTATION_GROUPS)[number] {
  return MANIFESTATION_GROUPS[Math.floor((code - 1) / 9)];
}

export function isValidCode(catalog: CatalogName, code: number): boolean {
  return Number.isInteger(code) && code >= 1 && code <= CATALOG_SIZE[catalog];
}

/** Codes outside the catalog, or repeated, in a list supplied by a client. */
export function invalidCodes(catalog: CatalogName, codes: number[]): number[] {
  const seen = new Set<number>();
  const bad: number[] = [];
  for (const c of codes) {
    if (!isValidCode(catalog, c) || seen.has(c)) bad.push(c);
    seen.add(c);
  }
  return bad;
}
