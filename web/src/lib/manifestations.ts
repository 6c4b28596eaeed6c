/** The three groups of the 27 manifestations (Nghị quyết 4 khóa XII): 1-9, 10-18, 19-27. */
export const MANIFESTATION_GROUPS = [
  { key: 'political-ideology', label: 'Suy thoái về tư tưởng chính trị (1-9)' },
  { key: 'ethics-lifestyle', label: 'Suy thoái về đạo đức, lối sống (10-18)' },
  { key: 'self-evolution', label: '“Tự diễn biến”, “tự chuyển hóa” (19-27)' },
] as const;

/** Shown beside a text the catalog has not compared with the original resolution (`verified: false`). */
export const UNVERIFIED_TEXT = 'chưa đối chiếu văn bản gốc';

export type ManifestationGroup = (typeof MANIFESTATION_GROUPS)[number]['key'];

/** The group of a manifestation, from the catalog or else from its code's range. */
export function groupOf(m: { code: number; group: ManifestationGroup | null }): ManifestationGroup {
  return (
    m.group ?? (m.code <= 9 ? 'political-ideology' : m.code <= 18 ? 'ethics-lifestyle' : 'self-evolution')
  );
}
