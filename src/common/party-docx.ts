import { AlignmentType, BorderStyle, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { DocumentHeading } from './document-layout.rules.js';

/**
 * The pieces of a party document in DOCX (docx library), shared by the bản kiểm điểm (reports) and
 * the meeting pack (meetings): Times New Roman, the heading of HD 36-HD/VPTW's mandatory parts, the
 * signature blocks, bordered tables. The layout itself is pure data in document-layout.rules.ts.
 */

export type Align = 'center' | 'right';

export interface TextOptions {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  /** Half-points: 26 is 13 pt, the body size. */
  size?: number;
}

export const run = (text: string, opts: TextOptions = {}) =>
  new TextRun({
    text,
    bold: opts.bold,
    italics: opts.italics,
    underline: opts.underline ? {} : undefined,
    size: opts.size ?? 26,
    font: 'Times New Roman',
  });

export const p = (text: string, opts: TextOptions & { align?: Align } = {}) =>
  new Paragraph({
    alignment:
      opts.align === 'center'
        ? AlignmentType.CENTER
        : opts.align === 'right'
          ? AlignmentType.RIGHT
          : undefined,
    spacing: { after: 80 },
    children: [run(text, opts)],
  });

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = {
  top: NO_BORDER,
  bottom: NO_BORDER,
  left: NO_BORDER,
  right: NO_BORDER,
  insideHorizontal: NO_BORDER,
  insideVertical: NO_BORDER,
};
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const LINES = {
  top: LINE,
  bottom: LINE,
  left: LINE,
  right: LINE,
  insideHorizontal: LINE,
  insideVertical: LINE,
};

/** Two columns without borders (the heading, the foot): `left` and `right` percent widths. */
export function twoColumns(
  left: Paragraph[],
  right: Paragraph[],
  widths: [number, number] = [45, 55],
): Table {
  const cellOf = (children: Paragraph[], size: number) =>
    new TableCell({ width: { size, type: WidthType.PERCENTAGE }, borders: NO_BORDERS, children });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cellOf(left, widths[0]), cellOf(right, widths[1])] })],
  });
}

/**
 * The heading of a party document (HD 36-HD/VPTW's mandatory parts, docs/REPORTS.md): the superior
 * body and the issuer in capitals top left with a star under them, "ĐẢNG CỘNG SẢN VIỆT NAM"
 * underlined top right with the place and date in italics under it.
 */
export function headingTable(h: DocumentHeading): Table {
  return twoColumns(
    [
      ...(h.superior ? [p(h.superior, { align: 'center', size: 26 })] : []),
      p(h.issuer, { bold: true, align: 'center', size: 26 }),
      p('*', { align: 'center', size: 26 }),
    ],
    [
      p(h.party, { bold: true, underline: true, align: 'center', size: 28 }),
      p(h.placeAndDate, { italics: true, align: 'center', size: 26 }),
    ],
  );
}

/** A signature block: the authority (T/M ...) and position in capitals, room to sign, the name. */
export const signature = (lines: string[], note: string | null, name: string | null): Paragraph[] => [
  ...lines.map((l) => p(l, { bold: true, align: 'center' })),
  ...(note ? [p(note, { italics: true, align: 'center', size: 22 })] : []),
  p(''),
  p(''),
  p(name ?? '', { bold: true, align: 'center' }),
];

/** A bordered table: a header row in bold (repeated on each page), then the rows; `widths` in percent. */
export function gridTable(head: string[], rows: string[][], widths?: number[]): Table {
  const cell = (text: string, i: number, bold = false) =>
    new TableCell({
      ...(widths ? { width: { size: widths[i], type: WidthType.PERCENTAGE } } : {}),
      children: [p(text, { bold, size: 22 })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: LINES,
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((text, i) => cell(text, i)) })),
    ],
  });
}
