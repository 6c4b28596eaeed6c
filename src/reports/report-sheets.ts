/**
 * The reports as tables with Vietnamese headers (pure): what the CSV and XLSX downloads are made from.
 */
import { Cell, ReportSheet } from './report-files.js';
import type { ClassificationRow } from './classification.repository.js';
import { levelName, NOT_CLASSIFIED_NAMES } from './reports.rules.js';
import type { LeaderView, OrganizationRow, Overview, TrendMonth, TrendYear } from './reports.responses.js';

interface Head {
  organizationName: string;
  year: number;
  generatedAt: string;
}

const base = (h: Head, fileName: string, sheetName: string, title: string) => ({
  fileName: `${fileName} - ${h.organizationName} - ${h.year}`,
  sheetName,
  title,
  organizationName: h.organizationName,
  year: h.year,
  generatedAt: new Date(h.generatedAt),
});

/** The overview as one row per figure: group, figure, count (numerator), denominator, rate. */
export function overviewSheet(o: Overview): ReportSheet {
  const rows: Array<Record<string, Cell>> = [];
  const add = (
    group: string,
    label: string,
    value: number,
    of: number | null = null,
    rate: number | null = null,
  ) => rows.push({ group, label, value, of, rate });
  const m = o.members;
  add('Đảng viên', 'Tổng số đảng viên', m.total);
  add('Đảng viên', 'Đảng viên chính thức', m.official);
  add('Đảng viên', 'Đảng viên dự bị', m.probationary);
  add('Đảng viên', 'Miễn công tác và sinh hoạt đảng', m.exempt);
  add('Đảng viên', 'Đình chỉ sinh hoạt đảng', m.suspended);
  add('Đảng viên', 'Đảng viên phải tham gia (trừ miễn, đình chỉ)', m.expected);
  const r = o.registration;
  add(
    'Đăng ký',
    'Đăng ký làm theo cả năm (đã duyệt, có nội dung làm theo)',
    r.yearly.registered,
    r.yearly.expected,
    r.yearly.rate,
  );
  for (const p of r.quarterly)
    add('Đăng ký', `Đăng ký quý ${p.period.slice(1)}`, p.registered, p.expected, p.rate);
  for (const p of r.monthly)
    add('Đăng ký', `Đăng ký tháng ${p.period.slice(1)}`, p.registered, p.expected, p.rate);
  const s = o.studyParticipation;
  add('Sinh hoạt', 'Tham gia học tập chuyên đề', s.participated, s.expected, s.rate);
  const f = o.followAmongStudied;
  add('Sinh hoạt', 'Đảng viên dự học có đăng ký làm theo', f.registered, f.studied, f.rate);
  const cv = o.studyCoverage;
  add('Sinh hoạt', 'Chi bộ tổ chức học tập chuyên đề', cv.held, cv.organizations, cv.rate);
  const a = o.meetingAttendance;
  add('Sinh hoạt', 'Dự sinh hoạt chi bộ (lượt có mặt / lượt phải dự)', a.present, a.expected, a.rate);
  add('Sinh hoạt', 'Lượt vắng có lý do', a.excused, a.expected);
  add('Sinh hoạt', 'Buổi sinh hoạt thường kỳ', o.meetings.regular);
  add('Sinh hoạt', 'Buổi sinh hoạt chuyên đề', o.meetings.thematic);
  add('Sinh hoạt', 'Buổi học tập chuyên đề', o.meetings.study);
  add('Sinh hoạt', 'Vấn đề nêu tại sinh hoạt còn mở', o.meetingIssues.open, o.meetingIssues.raised);
  const out = o.outcomes;
  add('Kết quả thực hiện', 'Nội dung hoàn thành', out.done, out.items, out.doneRate);
  add('Kết quả thực hiện', 'Nội dung hoàn thành vượt mức', out.exceeded, out.items);
  add('Kết quả thực hiện', 'Nội dung hoàn thành một phần', out.partly, out.items);
  add('Kết quả thực hiện', 'Nội dung không hoàn thành', out.notDone, out.items);
  add('Kết quả thực hiện', 'Chi bộ đánh giá: đạt', out.achieved, out.assessed, out.achievedRate);
  add('Kết quả thực hiện', 'Chi bộ đánh giá: đạt một phần', out.partlyAchieved, out.assessed);
  add('Kết quả thực hiện', 'Chi bộ đánh giá: không đạt', out.notAchieved, out.assessed);
  const l = o.lateSubmissions;
  add('Kết quả thực hiện', 'Bản đăng ký nộp muộn', l.late, l.submitted, l.rate);
  const e = o.evaluation;
  for (const k of ['excellent', 'good', 'complete', 'incomplete'] as const)
    add('Xếp loại', levelName(k), e[k], e.total);
  add('Xếp loại', 'Không xếp loại', e.unclassified, e.total);
  add('Xếp loại', 'Chưa quyết định', e.undecided, e.total);
  for (const q of o.quota)
    add(
      'Tỷ lệ xuất sắc',
      `${q.organizationName}: xuất sắc / tối đa (${q.ok ? 'đạt' : 'vượt'})`,
      q.excellent,
      q.maxExcellent,
    );
  for (const mf of o.manifestations) {
    if (mf.atRisk > 0) add('27 biểu hiện', `Biểu hiện ${mf.code}: có nguy cơ`, mf.atRisk);
    if (mf.present > 0) add('27 biểu hiện', `Biểu hiện ${mf.code}: kết luận có biểu hiện`, mf.present);
  }
  return {
    ...base(o, 'Báo cáo tổng hợp', 'Tổng hợp', `BÁO CÁO TỔNG HỢP NĂM ${o.year}`),
    columns: [
      { key: 'group', header: 'Nhóm', width: 20 },
      { key: 'label', header: 'Chỉ tiêu', width: 56 },
      { key: 'value', header: 'Số lượng', format: 'int' },
      { key: 'of', header: 'Trên tổng số', format: 'int' },
      { key: 'rate', header: 'Tỷ lệ', format: 'rate' },
    ],
    rows,
  };
}

export function organizationsSheet(h: Head, items: OrganizationRow[]): ReportSheet {
  return {
    ...base(h, 'Báo cáo theo tổ chức', 'Theo tổ chức', `BÁO CÁO THEO TỔ CHỨC TRỰC THUỘC NĂM ${h.year}`),
    columns: [
      { key: 'name', header: 'Tổ chức', width: 36 },
      { key: 'members', header: 'Số đảng viên', format: 'int' },
      { key: 'expected', header: 'Phải tham gia', format: 'int' },
      { key: 'registered', header: 'Đăng ký làm theo', format: 'int' },
      { key: 'registrationRate', header: 'Tỷ lệ đăng ký', format: 'rate' },
      { key: 'participated', header: 'Học tập chuyên đề', format: 'int' },
      { key: 'studyParticipationRate', header: 'Tỷ lệ học tập', format: 'rate' },
      { key: 'meetingAttendanceRate', header: 'Tỷ lệ dự sinh hoạt', format: 'rate' },
      { key: 'doneRate', header: 'Tỷ lệ nội dung hoàn thành', format: 'rate' },
      { key: 'lateSubmissions', header: 'Nộp muộn', format: 'int' },
      { key: 'excellent', header: 'Xuất sắc', format: 'int' },
      { key: 'good', header: 'Tốt', format: 'int' },
      { key: 'complete', header: 'Hoàn thành', format: 'int' },
      { key: 'incomplete', header: 'Không hoàn thành', format: 'int' },
      { key: 'manifestationsPresent', header: 'Kết luận có biểu hiện', format: 'int' },
      { key: 'openIssues', header: 'Vấn đề còn mở', format: 'int' },
    ],
    rows: items.map((r) => ({ ...r })),
  };
}

/** Danh sách đánh giá, xếp loại đảng viên: the layout committees file upward. */
export function classificationSheet(h: Head, items: ClassificationRow[]): ReportSheet {
  return {
    ...base(
      h,
      'Danh sách xếp loại đảng viên',
      'Xếp loại',
      `DANH SÁCH ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM ${h.year}`,
    ),
    columns: [
      { key: 'stt', header: 'STT', format: 'int', width: 6 },
      { key: 'fullName', header: 'Họ và tên', width: 28 },
      { key: 'cellName', header: 'Chi bộ', width: 30 },
      { key: 'self', header: 'Tự xếp loại', width: 26 },
      { key: 'proposed', header: 'Chi bộ đề nghị', width: 26 },
      { key: 'decided', header: 'Cấp ủy quyết định', width: 26 },
      { key: 'note', header: 'Ghi chú', width: 36 },
    ],
    rows: items.map((r, i) => ({
      stt: i + 1,
      fullName: r.fullName,
      cellName: r.cellName,
      self: levelName(r.selfLevel),
      proposed: levelName(r.proposedLevel),
      decided: levelName(r.decidedLevel),
      note:
        r.status === 'not_classified'
          ? (NOT_CLASSIFIED_NAMES[r.notClassifiedReason ?? ''] ?? 'Không xếp loại')
          : r.status !== 'decided'
            ? 'Chưa quyết định'
            : (r.decisionComment ?? ''),
    })),
  };
}

const LEADERS_STATUS = {
  first: 'Đăng ký trước',
  not_first: 'Có đảng viên đăng ký trước',
  head_not_submitted: 'Người đứng đầu chưa đăng ký',
  no_member_submitted: 'Chưa có đảng viên khác đăng ký',
} as const;

export function leadersSheet(h: Head, items: LeaderView[]): ReportSheet {
  return {
    ...base(h, 'Nêu gương đăng ký trước', 'Nêu gương', `NGƯỜI ĐỨNG ĐẦU ĐĂNG KÝ TRƯỚC NĂM ${h.year}`),
    columns: [
      { key: 'organizationName', header: 'Tổ chức', width: 34 },
      { key: 'headName', header: 'Người đứng đầu', width: 26 },
      { key: 'headAt', header: 'Nộp bản đăng ký lần đầu (UTC)', width: 26 },
      { key: 'firstAt', header: 'Đảng viên nộp sớm nhất (UTC)', width: 26 },
      { key: 'membersSubmitted', header: 'Đảng viên đã nộp', format: 'int' },
      { key: 'membersBeforeHead', header: 'Nộp trước người đứng đầu', format: 'int' },
      { key: 'status', header: 'Kết quả', width: 30 },
    ],
    rows: items.map((r) => ({
      organizationName: r.organizationName,
      headName: r.headName,
      headAt: r.headFirstSubmittedAt,
      firstAt: r.firstMemberSubmittedAt,
      membersSubmitted: r.membersSubmitted,
      membersBeforeHead: r.membersBeforeHead,
      status: LEADERS_STATUS[r.status],
    })),
  };
}

export function trendSheet(h: Head, months: TrendMonth[]): ReportSheet {
  return {
    ...base(h, 'Diễn biến theo tháng', 'Theo tháng', `DIỄN BIẾN THEO THÁNG NĂM ${h.year}`),
    columns: [
      { key: 'month', header: 'Tháng', format: 'int', width: 8 },
      { key: 'registered', header: 'Đăng ký tháng', format: 'int' },
      { key: 'registrationRate', header: 'Tỷ lệ đăng ký tháng', format: 'rate' },
      { key: 'meetings', header: 'Buổi sinh hoạt', format: 'int' },
      { key: 'study', header: 'Buổi học tập chuyên đề', format: 'int' },
      { key: 'present', header: 'Lượt có mặt', format: 'int' },
      { key: 'expected', header: 'Lượt phải dự', format: 'int' },
      { key: 'attendanceRate', header: 'Tỷ lệ dự sinh hoạt', format: 'rate' },
      { key: 'issuesRaised', header: 'Vấn đề nêu ra', format: 'int' },
    ],
    rows: months.map((m) => ({
      month: m.month,
      registered: m.registration.registered,
      registrationRate: m.registration.rate,
      meetings: m.meetings.regular + m.meetings.thematic + m.meetings.study,
      study: m.meetings.study,
      present: m.meetingAttendance.present,
      expected: m.meetingAttendance.expected,
      attendanceRate: m.meetingAttendance.rate,
      issuesRaised: m.issuesRaised,
    })),
  };
}

/** Year over year: one row per year with the overview's main figures. */
export function trendYearsSheet(h: Head & { from: number; to: number }, years: TrendYear[]): ReportSheet {
  const span = `${h.from}-${h.to}`;
  return {
    ...base(h, 'Diễn biến qua các năm', 'Theo năm', `DIỄN BIẾN QUA CÁC NĂM ${h.from} - ${h.to}`),
    fileName: `Diễn biến qua các năm - ${h.organizationName} - ${span}`,
    columns: [
      { key: 'year', header: 'Năm', format: 'int', width: 8 },
      { key: 'members', header: 'Tổng số đảng viên', format: 'int' },
      { key: 'expected', header: 'Đảng viên phải tham gia', format: 'int' },
      { key: 'registrationRate', header: 'Tỷ lệ đăng ký làm theo', format: 'rate' },
      { key: 'studyParticipationRate', header: 'Tỷ lệ học tập chuyên đề', format: 'rate' },
      { key: 'meetingAttendanceRate', header: 'Tỷ lệ dự sinh hoạt', format: 'rate' },
      { key: 'doneRate', header: 'Tỷ lệ nội dung hoàn thành', format: 'rate' },
      { key: 'lateRate', header: 'Tỷ lệ nộp muộn', format: 'rate' },
      { key: 'excellent', header: 'Hoàn thành xuất sắc nhiệm vụ', format: 'int' },
      { key: 'good', header: 'Hoàn thành tốt nhiệm vụ', format: 'int' },
      { key: 'complete', header: 'Hoàn thành nhiệm vụ', format: 'int' },
      { key: 'incomplete', header: 'Không hoàn thành nhiệm vụ', format: 'int' },
      { key: 'issuesRaised', header: 'Vấn đề nêu ra', format: 'int' },
      { key: 'followAmongStudiedRate', header: 'Tỷ lệ dự học có đăng ký làm theo', format: 'rate' },
      { key: 'studyCoverageRate', header: 'Tỷ lệ chi bộ tổ chức học tập', format: 'rate' },
    ],
    rows: years.map((y) => ({
      year: y.year,
      members: y.members.total,
      expected: y.members.expected,
      registrationRate: y.registration.yearly.rate,
      studyParticipationRate: y.studyParticipation.rate,
      meetingAttendanceRate: y.meetingAttendance.rate,
      doneRate: y.outcomes.doneRate,
      lateRate: y.lateSubmissions.rate,
      excellent: y.evaluation.excellent,
      good: y.evaluation.good,
      complete: y.evaluation.complete,
      incomplete: y.evaluation.incomplete,
      issuesRaised: y.meetingIssues.raised,
      followAmongStudiedRate: y.followAmongStudied.rate,
      studyCoverageRate: y.studyCoverage.rate,
    })),
  };
}
