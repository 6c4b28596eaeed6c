/**
 * Folds Vietnamese text for diacritics- and case-insensitive search: "Nguyễn Văn Đức" -> "nguyen van duc".
 * NFD splits the tone and vowel marks off; đ/Đ are separate letters and are mapped by hand. The
 * result is recomposed (NFC), so text in other scripts does not grow: NFD splits each Hangul syllable
 * into two or three jamo, which would overflow a search column as long as the name's own column.
 * `maxLength` cuts the folded text to a column's size (lower-casing can still lengthen a few letters,
 * e.g. "İ" -> "i̇"); a search key cut at the column's length still matches every prefix it held.
 */
export function foldVietnamese(text: string, maxLength = Infinity): string {
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
  return folded.length > maxLength ? folded.slice(0, maxLength).replace(/[\ud800-\udbff]$/, '') : folded;
}

/** Escapes LIKE wildcards so user input matches literally (used with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Every string of a parsed JSON body in NFC, in place, before the DTOs check lengths. Services store
 * text in NFC, and a few letters grow under it (U+0958 becomes two code points, U+FB2C three), so a
 * length checked on the raw text let up to three times a column's length reach the database (a 500 on
 * PostgreSQL). Iterative; keys are left as they are (the DTOs refuse unknown ones).
 */
export function normalizeStringsNfc(body: unknown): void {
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === null || typeof next !== 'object' || ArrayBuffer.isView(next)) continue;
    const record = next as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const v = record[key];
      if (typeof v === 'string') {
        const nfc = v.normalize('NFC');
        if (nfc !== v) record[key] = nfc;
      } else if (v !== null && typeof v === 'object') pending.push(v);
    }
  }
}

/** A file name's ASCII form: Vietnamese letters folded, anything else outside [A-Za-z0-9._-] a dash. */
export function asciiFileName(name: string): string {
  return (
    foldVietnamese(name)
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '') || 'bao-cao'
  );
}

/** RFC 6266 / 5987: an ASCII-safe `filename` for old clients and the exact UTF-8 `filename*`. */
export function contentDisposition(fileName: string): string {
  const utf8 = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${utf8}`;
}
