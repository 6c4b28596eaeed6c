import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { LEVELS } from '../evaluations/rule-sets.js';
import { DocumentHeading, SignatureBlock, viDate } from '../common/document-layout.rules.js';
import { CONTENT_TYPES, ReportFile } from './report-files.js';
import { levelName, percentVi, studySentence, vnDateTime } from './reports.rules.js';
import type { Overview } from './reports.responses.js';

const require = createRequire(import.meta.url);
/** DejaVu has every Vietnamese letter; pdfkit embeds the subset used, so any reader renders it. */
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
const FONT_ITALIC = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf');
const FONT_BOLD_ITALIC = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-BoldOblique.ttf');

/** The parts of the party's document layout around the figures (document-layout.rules.ts). */
export interface PrintedLayout {
  heading: DocumentHeading;
  signature: SignatureBlock;
  recipients: string[];
}

const LEFT = 50;
const WIDTH = 495;
/** The heading's two columns: the issuing body (left) and the Party's name, place and date (right). */
const HEAD_LEFT_WIDTH = 215;
const HEAD_RIGHT_X = LEFT + HEAD_LEFT_WIDTH + 10;
const HEAD_RIGHT_WIDTH = WIDTH - HEAD_LEFT_WIDTH - 10;

type Doc = InstanceType<typeof PDFDocument>;

/** Text centred in a column at a height; answers the height below it. */
function centred(doc: Doc, text: string, x: number, y: number, width: number): number {
  doc.text(text, x, y, { width, align: 'center' });
  return doc.y;
}

/** A short rule under a centred text of the given width. */
function ruleUnder(doc: Doc, centreX: number, y: number, width: number): void {
  doc
    .moveTo(centreX - width / 2, y)
    .lineTo(centreX + width / 2, y)
    .lineWidth(0.7)
    .strokeColor('black')
    .stroke();
}

/**
 * The heading (HD 36-HD/VPTW's mandatory parts): top left the superior body and the issuing body in
 * capitals, a star and the number to fill in; top right "ĐẢNG CỘNG SẢN VIỆT NAM" underlined, then the
 * place and date in italics. Answers the height below the taller column.
 */
function drawHeading(doc: Doc, h: DocumentHeading): number {
  const top = 45;
  let y = top;
  doc.fontSize(10.5);
  if (h.superior) y = centred(doc.font('body'), h.superior, LEFT, y, HEAD_LEFT_WIDTH);
  y = centred(doc.font('bold'), h.issuer, LEFT, y, HEAD_LEFT_WIDTH);
  y = centred(doc.font('body'), '*', LEFT, y, HEAD_LEFT_WIDTH);
  y = centred(doc.font('body'), 'Số        -BC', LEFT, y + 2, HEAD_LEFT_WIDTH);
  const leftBottom = y;

  doc.font('bold').fontSize(11.5);
  const centreX = HEAD_RIGHT_X + HEAD_RIGHT_WIDTH / 2;
  let r = centred(doc, h.party, HEAD_RIGHT_X, top, HEAD_RIGHT_WIDTH);
  ruleUnder(doc, centreX, r + 1, doc.widthOfString(h.party));
  r = centred(doc.font('italic').fontSize(10.5), h.placeAndDate, HEAD_RIGHT_X, r + 8, HEAD_RIGHT_WIDTH);
  return Math.max(leftBottom, r);
}

/**
 * A horizontal bar per rate (0-100%, vector shapes): a framed track the full width and a filled,
 * framed bar for the rate, the text (label, rate, numerator/denominator) to its left.
 */
function drawRates(doc: Doc, rates: Array<[string, number | null, number, number]>): void {
  const textWidth = 265;
  const trackX = LEFT + textWidth + 10;
  const trackWidth = WIDTH - textWidth - 10;
  let y = doc.y + 4;
  doc.font('body').fontSize(9.5);
  for (const [label, rate, n, d] of rates) {
    doc.fillColor('black').text(`${label}: ${percentVi(rate)} (${n}/${d})`, LEFT, y, { width: textWidth });
    const rowBottom = doc.y;
    doc
      .rect(trackX, y + 1, trackWidth, 10)
      .lineWidth(0.5)
      .strokeColor('#9e9e9e')
      .stroke();
    if (rate !== null && rate > 0)
      doc
        .rect(trackX, y + 1, trackWidth * Math.min(rate, 1), 10)
        .lineWidth(0.5)
        .fillAndStroke('#1565c0', '#0d47a1');
    y = Math.max(rowBottom, y + 14) + 3;
  }
  // the scale under the tracks
  doc.fillColor('#555555').fontSize(7.5);
  for (const [pct, at] of [
    ['0%', 0],
    ['50%', 0.5],
    ['100%', 1],
  ] as const)
    doc.text(pct, trackX + trackWidth * at - 15, y, { width: 30, align: 'center' });
  doc.fillColor('black').strokeColor('black');
  doc.x = LEFT;
  doc.y = y + 12;
}

/**
 * The overview as a party report on A4: the heading of the party's document layout, the title, the
 * figures with their rates drawn as bars, the bar chart of the level distribution (decided levels,
 * not classified, undecided), the manifestation codes concluded, then "Nơi nhận" and the signature
 * block.
 */
export function overviewPdf(o: Overview, layout: PrintedLayout): Promise<ReportFile> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Báo cáo tổng hợp năm ${o.year} - ${o.organizationName}`, Author: 'camket' },
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  doc.registerFont('italic', FONT_ITALIC);
  doc.registerFont('bold-italic', FONT_BOLD_ITALIC);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const below = drawHeading(doc, layout.heading);
  doc.x = LEFT;
  doc.y = below + 18;
  doc.font('bold').fontSize(14).text(`BÁO CÁO TỔNG HỢP NĂM ${o.year}`, { align: 'center' });
  doc
    .font('bold')
    .fontSize(10.5)
    .text('kết quả học tập và làm theo, thực hiện cam kết, đánh giá, xếp loại đảng viên', {
      align: 'center',
    });
  doc.font('body').fontSize(10.5).text(o.organizationName, { align: 'center' });
  ruleUnder(doc, LEFT + WIDTH / 2, doc.y + 6, 60);
  doc
    .moveDown(0.7)
    .font('italic')
    .fontSize(8.5)
    .fillColor('#555555')
    .text(
      `Số liệu tính đến ngày ${viDate(o.referenceDate)}; xuất lúc ${vnDateTime(new Date(o.generatedAt))} (giờ Việt Nam)`,
      { align: 'center' },
    )
    .fillColor('black')
    .moveDown(0.8);

  const m = o.members;
  doc.font('bold').fontSize(11).text('1. Đảng viên');
  doc
    .font('body')
    .fontSize(10)
    .text(
      `Tổng số ${m.total}: chính thức ${m.official}, dự bị ${m.probationary}; miễn sinh hoạt ${m.exempt}, đình chỉ ${m.suspended}; phải tham gia ${m.expected}.`,
    )
    .moveDown(0.6);

  doc.font('bold').fontSize(11).text('2. Học tập, làm theo và sinh hoạt chi bộ');
  drawRates(doc, [
    [
      'Đăng ký làm theo cả năm',
      o.registration.yearly.rate,
      o.registration.yearly.registered,
      o.registration.yearly.expected,
    ],
    [
      'Học tập chuyên đề',
      o.studyParticipation.rate,
      o.studyParticipation.participated,
      o.studyParticipation.expected,
    ],
    [
      'Dự học có đăng ký làm theo',
      o.followAmongStudied.rate,
      o.followAmongStudied.registered,
      o.followAmongStudied.studied,
    ],
    [
      'Chi bộ tổ chức học tập chuyên đề',
      o.studyCoverage.rate,
      o.studyCoverage.held,
      o.studyCoverage.organizations,
    ],
    [
      'Dự sinh hoạt chi bộ (lượt)',
      o.meetingAttendance.rate,
      o.meetingAttendance.present,
      o.meetingAttendance.expected,
    ],
    ['Nội dung cam kết hoàn thành', o.outcomes.doneRate, o.outcomes.done, o.outcomes.items],
    ['Bản đăng ký nộp muộn', o.lateSubmissions.rate, o.lateSubmissions.late, o.lateSubmissions.submitted],
  ]);
  doc.font('body').fontSize(10).text(studySentence(o), LEFT, doc.y, { width: WIDTH }).moveDown(0.8);

  doc.font('bold').fontSize(11).text('3. Phân bố xếp loại chất lượng đảng viên');
  const bars: Array<[string, number, string]> = [
    ...LEVELS.map((l, i): [string, number, string] => [
      levelName(l),
      o.evaluation[l],
      ['#1b5e20', '#2e7d32', '#f9a825', '#c62828'][i],
    ]),
    ['Không xếp loại', o.evaluation.unclassified, '#757575'],
    ['Chưa quyết định', o.evaluation.undecided, '#bdbdbd'],
  ];
  const max = Math.max(1, ...bars.map((b) => b[1]));
  const labelWidth = 190;
  const barMax = 250;
  let y = doc.y + 6;
  doc.font('body').fontSize(9);
  for (const [label, count, color] of bars) {
    doc.fillColor('black').text(label, LEFT, y + 2, { width: labelWidth });
    const w = (count / max) * barMax;
    if (w > 0) doc.rect(LEFT + labelWidth, y, w, 13).fill(color);
    doc.fillColor('black').text(String(count), LEFT + labelWidth + w + 6, y + 2);
    y += 19;
  }
  doc.y = y + 8;
  doc.x = LEFT;

  const concluded = o.manifestations.filter((mf) => mf.present > 0 || mf.atRisk > 0);
  doc.font('bold').fontSize(11).text('4. 27 biểu hiện (kết luận của chi bộ, không nêu tên)');
  doc
    .font('body')
    .fontSize(10)
    .text(
      concluded.length === 0
        ? 'Không có kết luận có biểu hiện hoặc có nguy cơ.'
        : concluded
            .map((mf) => `Biểu hiện ${mf.code}: có biểu hiện ${mf.present}, có nguy cơ ${mf.atRisk}`)
            .join('; '),
    );

  drawClosing(doc, layout);
  doc.end();
  const safeName = `Báo cáo tổng hợp - ${o.organizationName} - ${o.year}.pdf`;
  return done.then((buffer) => new ReportFile(buffer, CONTENT_TYPES.pdf, safeName));
}

/**
 * The foot of the document: "Nơi nhận:" and its list at the left, the signature block (on behalf of
 * the collective, the position, room to sign, the name) at the right; on a new page when the figures
 * left too little room.
 */
function drawClosing(doc: Doc, layout: PrintedLayout): void {
  const needed = 130;
  if (doc.y + 24 + needed > doc.page.height - 50) doc.addPage();
  const top = doc.y + 24;
  doc.font('bold-italic').fontSize(10).text('Nơi nhận:', LEFT, top, { underline: true });
  doc.font('body').fontSize(9);
  layout.recipients.forEach((r, i) =>
    doc.text(`- ${r}${i === layout.recipients.length - 1 ? '.' : ','}`, LEFT, doc.y),
  );
  const s = layout.signature;
  const x = HEAD_RIGHT_X;
  let y = centred(doc.font('bold').fontSize(10.5), s.onBehalfOf, x, top, HEAD_RIGHT_WIDTH);
  y = centred(doc, s.position, x, y, HEAD_RIGHT_WIDTH);
  centred(doc.font('bold'), s.name ?? '', x, y + 55, HEAD_RIGHT_WIDTH);
  doc.x = LEFT;
}
