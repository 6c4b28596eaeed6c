import { Document, Packer, PageBreak, Paragraph, Table } from 'docx';
import { DocumentHeading, SignatureBlock, viDate, viLongDate } from '../common/document-layout.rules.js';
import { gridTable, headingTable, p, signature, twoColumns } from '../common/party-docx.js';
import type { MeetingKind } from './meeting.entity.js';
import {
  agendaOf,
  attendanceLine,
  MEETING_KIND_TITLES,
  PACK_DRAFT_NOTE,
  PackMember,
  packCounts,
  rosterNote,
} from './meeting-pack.rules.js';

export interface PackCommitment {
  fullName: string;
  period: string;
  items: number;
}

/** What the meeting pack is filled from: a meeting to come (no record) or one already recorded. */
export interface MeetingPackData {
  cellName: string;
  heldOn: string;
  kind: MeetingKind;
  topic: string | null;
  heading: DocumentHeading;
  cellSignature: SignatureBlock;
  /** The cell's roll on the day, in name order (with the record's attendance once held). */
  members: PackMember[];
  /** To be made public (accepted, not yet presented) or, once held, those presented. */
  commitments: PackCommitment[];
  held: boolean;
  guests: string[];
  minutes: string | null;
}

const DOTS = '…………………………………………………………………………………………………………';

/**
 * Bộ tài liệu sinh hoạt chi bộ (DOCX): the agenda, the roster with a signature column, the
 * commitments to be made public, then the minutes (biên bản) on a page of its own, pre-filled with the
 * cell, the date and the attendance, with room to write.
 */
export async function meetingPackDocx(d: MeetingPackData): Promise<Buffer> {
  const kindTitle = MEETING_KIND_TITLES[d.kind];
  const agenda = agendaOf(d.kind, d.topic, d.commitments.length > 0);
  const counts = packCounts(d.members, d.held);
  const body: Array<Paragraph | Table> = [
    headingTable(d.heading),
    p(''),
    p('BỘ TÀI LIỆU SINH HOẠT CHI BỘ', { bold: true, align: 'center', size: 30 }),
    p(`${kindTitle} ngày ${viDate(d.heldOn)}`, { bold: true, align: 'center' }),
    p(PACK_DRAFT_NOTE, { italics: true, align: 'center', size: 20 }),
    p('I. CHƯƠNG TRÌNH SINH HOẠT', { bold: true }),
    ...agenda.map((line, i) => p(`${i + 1}. ${line}`)),
    p('II. DANH SÁCH ĐẢNG VIÊN DỰ SINH HOẠT', { bold: true }),
    p(attendanceLine(counts), { size: 22 }),
    gridTable(
      ['STT', 'Họ và tên', 'Ghi chú', 'Ký tên'],
      d.members.map((m, i) => [String(i + 1), m.fullName, rosterNote(m), '']),
      [8, 42, 22, 28],
    ),
    p('III. BẢN CAM KẾT CÔNG KHAI TRƯỚC CHI BỘ', { bold: true }),
  ];
  if (d.commitments.length === 0)
    body.push(
      p(d.held ? 'Không có bản cam kết nào được công khai.' : 'Không có bản cam kết nào chờ công khai.', {
        italics: true,
      }),
    );
  else
    body.push(
      gridTable(
        ['STT', 'Đảng viên', 'Bản cam kết', 'Số nội dung'],
        d.commitments.map((c, i) => [String(i + 1), c.fullName, c.period, String(c.items)]),
        [8, 42, 30, 20],
      ),
    );

  // The minutes: a document of its own on a new page, signed by the secretary (thư ký) and the chair.
  body.push(new Paragraph({ children: [new PageBreak()] }));
  body.push(headingTable(d.heading));
  body.push(p(''));
  body.push(p('BIÊN BẢN', { bold: true, align: 'center', size: 30 }));
  body.push(p(kindTitle.toLocaleUpperCase('vi-VN'), { bold: true, align: 'center' }));
  body.push(p(`Chi bộ: ${d.cellName}`));
  body.push(p(`Thời gian: …… giờ …… phút, ${viLongDate(d.heldOn)}.`));
  body.push(p(`Địa điểm: ${DOTS}`));
  body.push(p(`Chủ trì: ${d.cellSignature.name ?? DOTS}`));
  body.push(p(`Thư ký: ${DOTS}`));
  body.push(p(attendanceLine(counts)));
  if (d.held) {
    const away = d.members.filter((m) => m.status === 'excused' || m.status === 'absent');
    body.push(
      p(
        away.length === 0
          ? 'Đảng viên vắng: không.'
          : `Đảng viên vắng: ${away.map((m) => `${m.fullName} (${rosterNote(m).toLocaleLowerCase('vi-VN')})`).join('; ')}.`,
      ),
    );
  } else body.push(p(`Đảng viên vắng (ghi rõ lý do): ${DOTS}`));
  body.push(p(`Khách mời: ${d.guests.length ? d.guests.join('; ') : DOTS}`));
  body.push(p('NỘI DUNG', { bold: true }));
  agenda.forEach((line, i) => {
    body.push(p(`${i + 1}. ${line}`, { bold: true, size: 24 }));
    if (!d.held || !d.minutes) body.push(p(DOTS), p(DOTS));
  });
  if (d.held && d.minutes) {
    body.push(p('Diễn biến (theo biên bản đã ghi):', { italics: true }));
    for (const line of d.minutes.split(/\r?\n/)) body.push(p(line));
  }
  body.push(p(`Biểu quyết: tán thành …… / ${counts.expected}; không tán thành ……`));
  body.push(p('Buổi sinh hoạt kết thúc vào lúc …… giờ …… phút cùng ngày.'));
  body.push(p(''));
  body.push(
    twoColumns(
      signature(['THƯ KÝ'], '(Ký, ghi rõ họ tên)', null),
      signature(
        [d.cellSignature.onBehalfOf, `CHỦ TRÌ (${d.cellSignature.position})`],
        '(Ký, ghi rõ họ tên)',
        d.cellSignature.name,
      ),
      [50, 50],
    ),
  );

  const doc = new Document({
    creator: 'camket',
    title: `Bộ tài liệu sinh hoạt chi bộ - ${d.cellName} - ${viDate(d.heldOn)}`,
    sections: [{ properties: {}, children: body }],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
