/**
 * Where a regulation's wording, as the system holds it, comes from: the official document itself, a
 * quotation in a secondary source (press, a book), a paraphrase or translation, or no text at all.
 * `verified` (elsewhere) is true only for wording compared with the official text.
 */
export const SOURCE_KINDS = ['official', 'secondary_quotation', 'paraphrase', 'missing'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
