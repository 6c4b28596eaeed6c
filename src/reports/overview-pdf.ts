import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { LEVELS } from '../evaluations/rule-sets.js';
import { CONTENT_TYPES, ReportFile } from './report-files.js';
import { levelName, percentVi, studySentence, vnDateTime } from './reports.rules.js';
import type { Overview } from './reports.service.js';

const require = createRequire(import.meta.url);
/** DejaVu has every Vietnamese letter; pdfkit embeds the subset used, so any reader renders it. */
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/**
 * The overview on one A4 page: heading, the rates with numerator and denominator, and a bar chart of
 * the level distribution (decided levels, not classified, undecided) drawn with vector shapes.
 */
export function overviewPdf(o: Overview): Promise<ReportFile> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Báo cáo tổng hợp năm ${o.year} - ${o.organizationName}`, Author: 'camket' },
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('bold').fontSize(15).text(`BÁO CÁO TỔNG HỢP NĂM ${o.year}`, { align: 'center' });
  doc.font('body').fontSize(11).text(o.organizationName, { align: 'center' });
  doc
    .fontSize(9)
    .fillColor('#555555')
    .text(
      `Tính đến ngày ${o.referenceDate}; xuất lúc ${vnDateTime(new Date(o.generatedAt))} (giờ Việt Nam)`,
      {
        align: 'center',
      },
    )
    .fillColor('black')
    .moveDown(1);

  const m = o.members;
  doc.font('bold').fontSize(12).text('Đảng viên');
  doc
    .font('body')
    .fontSize(10)
    .text(
      `Tổng số ${m.total}: chính thức ${m.official}, dự bị ${m.probationary}; miễn sinh hoạt ${m.exempt}, đình chỉ ${m.suspended}; phải tham gia ${m.expected}.`,
    )
    .moveDown(0.6);

  doc.font('bold').fontSize(12).text('Các tỷ lệ');
  const rates: Array<[string, number | null, number, number]> = [
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
  ];
  doc.font('body').fontSize(10);
  for (const [label, rate, n, d] of rates) doc.text(`${label}: ${percentVi(rate)} (${n}/${d})`);
  doc.moveDown(0.4).text(studySentence(o)).moveDown(0.8);

  doc.font('bold').fontSize(12).text('Phân bố xếp loại chất lượng đảng viên');
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
  const x0 = 50;
  const labelWidth = 190;
  const barMax = 250;
  let y = doc.y + 8;
  doc.font('body').fontSize(9);
  for (const [label, count, color] of bars) {
    doc.fillColor('black').text(label, x0, y + 2, { width: labelWidth });
    const w = (count / max) * barMax;
    if (w > 0) doc.rect(x0 + labelWidth, y, w, 14).fill(color);
    doc.fillColor('black').text(String(count), x0 + labelWidth + w + 6, y + 2);
    y += 22;
  }
  doc.y = y + 10;
  doc.x = x0;

  const concluded = o.manifestations.filter((mf) => mf.present > 0 || mf.atRisk > 0);
  doc.font('bold').fontSize(12).text('27 biểu hiện (kết luận của chi bộ, không nêu tên)');
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
  doc.end();
  const safeName = `Báo cáo tổng hợp - ${o.organizationName} - ${o.year}.pdf`;
  return done.then((buffer) => new ReportFile(buffer, CONTENT_TYPES.pdf, safeName));
}
