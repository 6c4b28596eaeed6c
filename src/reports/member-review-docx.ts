import { Document, Packer, Paragraph, Table } from 'docx';
import { DocumentHeading, SignatureBlock, viDate } from '../common/document-layout.rules.js';
import { gridTable, headingTable, p, signature, twoColumns } from '../common/party-docx.js';
import { CONTENT_TYPES, ReportFile } from './report-files.js';
import type { MemberReviewData, ReviewCommitment } from './member-review.repository.js';
import { levelName } from './reports.rules.js';

export interface ReviewHeader {
  year: number;
  fullName: string;
  dateOfBirth: string | null;
  status: string;
  joinedPartyOn: string | null;
  position: string | null;
  cellName: string;
  /** The cell's heading (the cell under its superior, place and date of printing). */
  heading: DocumentHeading;
  /** The cell's signature block (T/M CHI BỘ, BÍ THƯ, the cell's head). */
  cellSignature: SignatureBlock;
  /** Where the review goes ("Nơi nhận"). */
  recipients: string[];
}

const CATEGORY_NAMES: Record<string, string> = {
  study: 'Học tập',
  follow: 'Làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
  duty: 'Chức trách, nhiệm vụ được giao',
  resolution4: 'Phòng, chống 27 biểu hiện (NQ 04-NQ/TW)',
  exemplary: 'Nêu gương',
  lifestyle: 'Nếp sống văn minh',
  remedy: 'Khắc phục hạn chế, khuyết điểm',
};
const OUTCOME_NAMES: Record<string, string> = {
  done: 'Hoàn thành',
  partly: 'Hoàn thành một phần',
  not_done: 'Không hoàn thành',
};
const RATING_NAMES: Record<string, string> = {
  achieved: 'Đạt',
  partly_achieved: 'Đạt một phần',
  not_achieved: 'Không đạt',
};
const CHECK_NAMES: Record<string, string> = { at_risk: 'có nguy cơ', present: 'có biểu hiện' };
const FORM_NAMES: Record<string, string> = {
  reprimand: 'Khiển trách',
  warning: 'Cảnh cáo',
  dismissal: 'Cách chức',
  expulsion: 'Khai trừ',
};

/** Each record says the cell it was made in: a member who moved has records of more than one cell. */
const madeIn = (cellName: string) => p(`(Lập tại: ${cellName})`, { italics: true, size: 22 });

/** The flagged self-check items, one line per cell whose check holds them, in the order the checks were made. */
function selfCheckLines(items: MemberReviewData['selfCheck']): Paragraph[] {
  if (items.length === 0) return [p('Tự kiểm tra: không có biểu hiện nào được tự đánh dấu.')];
  const cells = [...new Set(items.map((s) => s.cellName))];
  return cells.map((cellName) =>
    p(
      `Tự nhận (${cellName}): ${items
        .filter((s) => s.cellName === cellName)
        .map((s) => `biểu hiện số ${s.code} (${CHECK_NAMES[s.status] ?? s.status})`)
        .join('; ')}.`,
    ),
  );
}

/**
 * The layout follows the usual bản kiểm điểm cá nhân (header block, member data, results, self-check,
 * self-assessment, the cell's and the committee's words). The official form of the year's guidance has
 * not been compared word by word, so the document says so: it is a draft filled from the records.
 */
export const UNVERIFIED_FORM_NOTE =
  'Bản in từ dữ liệu của hệ thống theo bố cục bản kiểm điểm thường dùng; mẫu biểu (chưa đối chiếu đầy đủ với văn bản chính thức).';

const heading = (text: string) => p(text, { bold: true });

function itemsTable(c: ReviewCommitment, withOutcome: boolean): Table {
  const head = ['STT', 'Nội dung', 'Chỉ tiêu', ...(withOutcome ? ['Kết quả'] : [])];
  return gridTable(
    head,
    c.items.map((i, n) => [
      String(n + 1),
      `${CATEGORY_NAMES[i.category] ?? i.category}: ${i.content}`,
      i.target ?? '',
      ...(withOutcome
        ? [
            i.outcome
              ? `${OUTCOME_NAMES[i.outcome] ?? i.outcome}${i.outcome === 'done' && i.exceeded ? ' (vượt chỉ tiêu)' : ''}`
              : 'Chưa báo cáo',
          ]
        : []),
    ]),
  );
}

/** Beside a reason whose rule was not compared with the official text. */
export const UNVERIFIED_RULE_NOTE = 'chưa đối chiếu văn bản gốc';

/** Bản kiểm điểm cá nhân of one member for one year, with next year's commitment, as DOCX. */
export async function memberReviewDocx(h: ReviewHeader, d: MemberReviewData): Promise<ReportFile> {
  const e = d.evaluation;
  const body: Array<Paragraph | Table> = [
    headingTable(h.heading),
    p(''),
    p('BẢN KIỂM ĐIỂM CÁ NHÂN', { bold: true, align: 'center', size: 32 }),
    p(`Năm ${h.year}`, { align: 'center', bold: true }),
    p(UNVERIFIED_FORM_NOTE, { italics: true, align: 'center', size: 20 }),
    p(`Họ và tên: ${h.fullName}`),
    p(`Ngày sinh: ${viDate(h.dateOfBirth) || '…'}`),
    p(
      `Ngày vào Đảng: ${viDate(h.joinedPartyOn) || '…'}; đảng viên ${h.status === 'probationary' ? 'dự bị' : 'chính thức'}`,
    ),
    p(`Chức vụ: ${h.position ?? '…'}`),
    p(`Chi bộ: ${h.cellName}`),
    heading(`I. Kết quả thực hiện bản cam kết tu dưỡng, rèn luyện, phấn đấu năm ${h.year}`),
  ];
  if (d.commitment && d.commitment.items.length > 0) {
    body.push(madeIn(d.commitment.cellName));
    body.push(itemsTable(d.commitment, true));
    if (d.commitment.rating)
      body.push(p(`Chi bộ đánh giá: ${RATING_NAMES[d.commitment.rating] ?? d.commitment.rating}`));
    if (d.commitment.assessmentComment)
      body.push(p(`Nhận xét của chi bộ: ${d.commitment.assessmentComment}`));
  } else body.push(p('Không có bản cam kết năm trong hệ thống.', { italics: true }));

  body.push(heading('II. Tự kiểm tra 27 biểu hiện suy thoái, "tự diễn biến", "tự chuyển hóa" (NQ 04-NQ/TW)'));
  body.push(...selfCheckLines(d.selfCheck));

  body.push(heading('III. Tự đánh giá, xếp loại'));
  if (e) body.push(madeIn(e.cellName));
  if (e?.formalOnly)
    body.push(p('Tự đánh giá và nhận xét của chi bộ được lưu tại chi bộ nơi lập.', { italics: true }));
  body.push(p(`Tự xếp loại: ${levelName(e?.selfLevel) || 'chưa tự xếp loại'}`));
  if (e?.selfSummary) body.push(p(`Tóm tắt: ${e.selfSummary}`));
  if (e?.selfStrengths) body.push(p(`Ưu điểm: ${e.selfStrengths}`));
  if (e?.selfShortcomings) body.push(p(`Hạn chế, khuyết điểm: ${e.selfShortcomings}`));

  body.push(heading('IV. Nhận xét, đề nghị của chi bộ'));
  body.push(p(`Chi bộ đề nghị xếp loại: ${levelName(e?.proposedLevel) || 'chưa đề nghị'}`));
  if (e?.proposalComment) body.push(p(`Nhận xét: ${e.proposalComment}`));

  body.push(heading('V. Cấp ủy quyết định'));
  if (e?.suggestedLevel) {
    body.push(p(`Mức gợi ý theo tiêu chí: ${levelName(e.suggestedLevel)}. Căn cứ:`));
    for (const r of e.reasons)
      body.push(p(`– ${r.text}${r.unverified ? ` (${UNVERIFIED_RULE_NOTE})` : ''}`, { size: 22 }));
  }
  const decided = e?.status === 'decided' ? levelName(e.decidedLevel) : '';
  body.push(p(`Xếp loại: ${decided || 'chưa quyết định'}`));
  if (decided && e?.decisionComment) body.push(p(`Ý kiến: ${e.decisionComment}`));
  body.push(
    p(
      d.discipline.length === 0
        ? `Kỷ luật trong năm ${h.year}: không.`
        : `Kỷ luật trong năm ${h.year}: ${d.discipline
            .map(
              (r) =>
                `${FORM_NAMES[r.form] ?? r.form} (quyết định số ${r.decisionNumber} ngày ${r.decidedOn}; lập tại: ${r.cellName})`,
            )
            .join('; ')}.`,
    ),
  );

  body.push(heading(`VI. Bản cam kết năm ${h.year + 1}`));
  if (d.nextCommitment && d.nextCommitment.items.length > 0) {
    body.push(madeIn(d.nextCommitment.cellName));
    body.push(itemsTable(d.nextCommitment, false));
  } else body.push(p(`Chưa có bản cam kết năm ${h.year + 1} trong hệ thống.`, { italics: true }));

  body.push(p(''));
  body.push(
    twoColumns(
      [
        p('Nơi nhận:', { bold: true, italics: true, underline: true, size: 24 }),
        ...h.recipients.map((r, i) => p(`- ${r}${i === h.recipients.length - 1 ? '.' : ','}`, { size: 22 })),
      ],
      signature(['NGƯỜI TỰ KIỂM ĐIỂM'], '(Ký, ghi rõ họ tên)', h.fullName),
    ),
  );
  body.push(p(''));
  body.push(p('XÁC NHẬN CỦA CHI BỘ', { bold: true, align: 'center' }));
  body.push(p(`Chi bộ đã kiểm điểm, đánh giá đồng chí ${h.fullName} theo nội dung trên.`));
  body.push(
    twoColumns(
      [p('')],
      signature([h.cellSignature.onBehalfOf, h.cellSignature.position], null, h.cellSignature.name),
    ),
  );

  const doc = new Document({
    creator: 'camket',
    title: `Bản kiểm điểm cá nhân năm ${h.year} - ${h.fullName}`,
    sections: [{ properties: {}, children: body }],
  });
  const buffer = await Packer.toBuffer(doc);
  return new ReportFile(
    Buffer.from(buffer),
    CONTENT_TYPES.docx,
    `Bản kiểm điểm cá nhân - ${h.fullName} - ${h.year}.docx`,
  );
}
