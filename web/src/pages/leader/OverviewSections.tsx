import { BarChart } from '@mantine/charts';
import { Badge, Card, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { ReactNode } from 'react';
import { formatNumber, formatRate } from '../../lib/format';
import { LEVEL_LABELS } from '../../lib/labels';
import { DeferredChart } from './DeferredChart';
import { LEVEL_SHORT } from './evaluation/decisions';
import { manifestationGroups, rateBand, rateText } from './reportFigures';
import type { Overview } from './reportsApi';

/** A section of the report: a heading (h2) and, beside it, the downloads that hold its figures. */
export function Section({
  title,
  id,
  actions,
  children,
}: {
  title: string;
  id: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h3" id={id}>
            {title}
          </Title>
          {actions}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

/** A count with its label; `figure` names it for the tests that compare the page with the API. */
function Count({ label, value, figure }: { label: string; value: number; figure: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={24} fw={700} data-figure={figure}>
        {formatNumber(value)}
      </Text>
    </Card>
  );
}

/** A rate with its numerator and denominator beside it and a bar on the one colour scale. */
export function RateCard({
  label,
  rate,
  numerator,
  denominator,
  figure,
  note,
  scaled = true,
}: {
  label: string;
  rate: number | null;
  numerator: number;
  denominator: number;
  figure: string;
  note: string;
  /** Higher is better; a rate where lower is better (late submissions) is drawn without the scale. */
  scaled?: boolean;
}) {
  const band = scaled ? rateBand(rate) : null;
  return (
    <Card withBorder padding="sm">
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <Group gap="xs" align="baseline">
          <Text fz={26} fw={700} data-figure={figure}>
            {rate === null ? '—' : formatRate(rate)}
          </Text>
          <Text size="sm" data-figure={`${figure}.of`} title={note}>
            {formatNumber(numerator)}/{formatNumber(denominator)}
          </Text>
          {band && (
            <Badge variant="light" color="gray" style={{ background: band.background, color: band.color }}>
              {band.label}
            </Badge>
          )}
        </Group>
        <Progress
          value={rate === null ? 0 : rate * 100}
          color={band ? band.color : 'gray.7'}
          aria-label={`${label}: ${rateText(rate, numerator, denominator)}`}
        />
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      </Stack>
    </Card>
  );
}

/**
 * A chart is drawn for the eye; the same figures stand in the table beside it, which is what a
 * screen reader reads (the chart is hidden from it).
 */
function ChartWithTable({
  chart,
  height,
  table,
}: {
  chart: () => ReactNode;
  height: number;
  table: ReactNode;
}) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <div aria-hidden>
        <DeferredChart height={height} draw={chart} />
      </div>
      <Table.ScrollContainer minWidth={0}>{table}</Table.ScrollContainer>
    </SimpleGrid>
  );
}

const periodName = (p: string) => (p.startsWith('Q') ? `Quý ${p.slice(1)}` : `Tháng ${p.slice(1)}`);
const percent = (rate: number | null) => (rate === null ? 0 : Math.round(rate * 10000) / 100);

/** Each figure of the overview (GET /api/reports/overview) with charts, in the order a committee reads them. */
export function OverviewSections({ o }: { o: Overview }) {
  const periods = [...o.registration.quarterly, ...o.registration.monthly];
  const m = o.members;
  const out = o.outcomes;
  const ev = o.evaluation;
  const levels = [
    { key: 'excellent', label: LEVEL_LABELS.excellent, short: LEVEL_SHORT.excellent, value: ev.excellent },
    { key: 'good', label: LEVEL_LABELS.good, short: LEVEL_SHORT.good, value: ev.good },
    { key: 'complete', label: LEVEL_LABELS.complete, short: LEVEL_SHORT.complete, value: ev.complete },
    {
      key: 'incomplete',
      label: LEVEL_LABELS.incomplete,
      short: LEVEL_SHORT.incomplete,
      value: ev.incomplete,
    },
    { key: 'unclassified', label: 'Không xếp loại', short: null, value: ev.unclassified },
    { key: 'undecided', label: 'Chưa quyết định', short: null, value: ev.undecided },
  ];
  const groups = manifestationGroups(o.manifestations);
  const flagged = o.manifestations.filter((x) => x.atRisk > 0 || x.present > 0);
  return (
    <>
      <Section title="Đảng viên" id="section-members">
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
          <Count label="Tổng số" value={m.total} figure="members.total" />
          <Count label="Chính thức" value={m.official} figure="members.official" />
          <Count label="Dự bị" value={m.probationary} figure="members.probationary" />
          <Count label="Miễn sinh hoạt" value={m.exempt} figure="members.exempt" />
          <Count label="Đình chỉ sinh hoạt" value={m.suspended} figure="members.suspended" />
          <Count label="Phải tham gia" value={m.expected} figure="members.expected" />
        </SimpleGrid>
      </Section>

      <Section title="Các tỷ lệ trong năm" id="section-rates">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <RateCard
            label="Đăng ký làm theo cả năm"
            figure="registration.yearly"
            rate={o.registration.yearly.rate}
            numerator={o.registration.yearly.registered}
            denominator={o.registration.yearly.expected}
            note="đã đăng ký / đảng viên phải tham gia"
          />
          <RateCard
            label="Tham gia học tập chuyên đề"
            figure="studyParticipation"
            rate={o.studyParticipation.rate}
            numerator={o.studyParticipation.participated}
            denominator={o.studyParticipation.expected}
            note="đã dự học / đảng viên phải tham gia"
          />
          <RateCard
            label="Dự học có đăng ký làm theo"
            figure="followAmongStudied"
            rate={o.followAmongStudied.rate}
            numerator={o.followAmongStudied.registered}
            denominator={o.followAmongStudied.studied}
            note="đăng ký làm theo / đã dự học"
          />
          <RateCard
            label="Chi bộ tổ chức học tập chuyên đề"
            figure="studyCoverage"
            rate={o.studyCoverage.rate}
            numerator={o.studyCoverage.held}
            denominator={o.studyCoverage.organizations}
            note="chi bộ đã tổ chức / số chi bộ"
          />
          <RateCard
            label="Dự sinh hoạt chi bộ"
            figure="meetingAttendance"
            rate={o.meetingAttendance.rate}
            numerator={o.meetingAttendance.present}
            denominator={o.meetingAttendance.expected}
            note="lượt có mặt / lượt phải dự"
          />
          <RateCard
            label="Nội dung cam kết hoàn thành"
            figure="outcomes.done"
            rate={out.doneRate}
            numerator={out.done}
            denominator={out.items}
            note="nội dung hoàn thành / nội dung đã báo cáo"
          />
          <RateCard
            label="Bản cam kết được đánh giá Đạt"
            figure="outcomes.achieved"
            rate={out.achievedRate}
            numerator={out.achieved}
            denominator={out.assessed}
            note="đạt / bản đã đánh giá"
          />
          <RateCard
            label="Nộp bản cam kết muộn"
            figure="lateSubmissions"
            rate={o.lateSubmissions.rate}
            numerator={o.lateSubmissions.late}
            denominator={o.lateSubmissions.submitted}
            note="nộp muộn / bản đã nộp (càng thấp càng tốt)"
            scaled={false}
          />
        </SimpleGrid>
      </Section>

      <Section title="Đăng ký theo kỳ" id="section-periods">
        <ChartWithTable
          height={260}
          chart={() => (
            <BarChart
              h={260}
              data={periods.map((p) => ({ period: p.period.replace('M', 'T'), rate: percent(p.rate) }))}
              dataKey="period"
              series={[{ name: 'rate', label: 'Tỷ lệ đăng ký (%)', color: 'red.8' }]}
              yAxisProps={{ domain: [0, 100] }}
              unit="%"
              withTooltip={false}
              barChartProps={{ accessibilityLayer: false }}
            />
          )}
          table={
            <Table striped aria-label="Đăng ký theo kỳ">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Kỳ</Table.Th>
                  <Table.Th ta="right">Tỷ lệ</Table.Th>
                  <Table.Th ta="right">Đã đăng ký/phải tham gia</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {periods.map((p) => (
                  <Table.Tr key={p.period}>
                    <Table.Td>{periodName(p.period)}</Table.Td>
                    <Table.Td ta="right" data-figure={`registration.${p.period}`}>
                      {formatRate(p.rate)}
                    </Table.Td>
                    <Table.Td ta="right" data-figure={`registration.${p.period}.of`}>
                      {formatNumber(p.registered)}/{formatNumber(p.expected)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          }
        />
      </Section>

      <Section title="Kết quả thực hiện và đánh giá" id="section-outcomes">
        <ChartWithTable
          height={220}
          chart={() => (
            <BarChart
              h={220}
              orientation="vertical"
              data={[
                { name: 'Hoàn thành', value: out.done },
                { name: 'Vượt chỉ tiêu', value: out.exceeded },
                { name: 'Một phần', value: out.partly },
                { name: 'Không hoàn thành', value: out.notDone },
                { name: 'Chưa báo cáo', value: out.unreported },
              ]}
              dataKey="name"
              series={[{ name: 'value', label: 'Nội dung', color: 'teal.8' }]}
              yAxisProps={{ width: 160 }}
              withTooltip={false}
              barChartProps={{ accessibilityLayer: false }}
            />
          )}
          table={
            <Table striped aria-label="Kết quả thực hiện và đánh giá">
              <Table.Tbody>
                <FigureRow label="Nội dung đã báo cáo kết quả" figure="outcomes.items" value={out.items} />
                <FigureRow label="Hoàn thành" figure="outcomes.doneCount" value={out.done} />
                <FigureRow label="trong đó vượt chỉ tiêu" figure="outcomes.exceeded" value={out.exceeded} />
                <FigureRow label="Hoàn thành một phần" figure="outcomes.partly" value={out.partly} />
                <FigureRow label="Không hoàn thành" figure="outcomes.notDone" value={out.notDone} />
                <FigureRow label="Chưa báo cáo" figure="outcomes.unreported" value={out.unreported} />
                <FigureRow label="Bản cam kết đã đánh giá" figure="outcomes.assessed" value={out.assessed} />
                <FigureRow label="Đạt" figure="outcomes.achievedCount" value={out.achieved} />
                <FigureRow label="Đạt một phần" figure="outcomes.partlyAchieved" value={out.partlyAchieved} />
                <FigureRow label="Không đạt" figure="outcomes.notAchieved" value={out.notAchieved} />
              </Table.Tbody>
            </Table>
          }
        />
      </Section>

      <Section title="Xếp loại chất lượng đảng viên" id="section-levels">
        <ChartWithTable
          height={240}
          chart={() => (
            <BarChart
              h={240}
              orientation="vertical"
              // The level names are long for a phone: the chart says HTXSNV ..., the table beside says them in full.
              data={levels.map((l) => ({ name: l.short ?? l.label, value: l.value }))}
              dataKey="name"
              series={[{ name: 'value', label: 'Đảng viên', color: 'red.8' }]}
              yAxisProps={{ width: 150 }}
              withTooltip={false}
              barChartProps={{ accessibilityLayer: false }}
            />
          )}
          table={
            <Table striped aria-label="Xếp loại chất lượng đảng viên">
              <Table.Tbody>
                {levels.map((l) => (
                  <FigureRow key={l.key} label={l.label} figure={`evaluation.${l.key}`} value={l.value} />
                ))}
                <FigureRow label="Tổng số được đánh giá" figure="evaluation.total" value={ev.total} />
              </Table.Tbody>
            </Table>
          }
        />
        {o.quota.length > 0 && (
          <Table.ScrollContainer minWidth={0}>
            <Table striped aria-label="Tỷ lệ hoàn thành xuất sắc theo tổ chức cơ sở đảng">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Tổ chức cơ sở đảng</Table.Th>
                  <Table.Th ta="right">Xuất sắc</Table.Th>
                  <Table.Th ta="right">Tốt</Table.Th>
                  <Table.Th ta="right">Xuất sắc tối đa</Table.Th>
                  <Table.Th>Tỷ lệ</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {o.quota.map((q) => (
                  <Table.Tr key={q.organizationId}>
                    <Table.Td>{q.organizationName}</Table.Td>
                    <Table.Td ta="right">{formatNumber(q.excellent)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(q.good)}</Table.Td>
                    <Table.Td ta="right">{formatNumber(q.maxExcellent)}</Table.Td>
                    <Table.Td>{q.ok ? 'Trong giới hạn' : 'Vượt tỷ lệ'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>

      <Section title="27 biểu hiện suy thoái (số đảng viên, theo nhóm)" id="section-manifestations">
        <Text size="sm">
          Số đảng viên chi bộ kết luận có biểu hiện hoặc có nguy cơ, theo ba nhóm của Nghị quyết 4 khóa XII
          (không nêu tên).
        </Text>
        <ChartWithTable
          height={200}
          chart={() => (
            <BarChart
              h={200}
              orientation="vertical"
              type="stacked"
              data={groups.map((g) => ({ name: g.label, present: g.present, atRisk: g.atRisk }))}
              dataKey="name"
              series={[
                { name: 'present', label: 'Có biểu hiện', color: 'red.9' },
                { name: 'atRisk', label: 'Có nguy cơ', color: 'yellow.6' },
              ]}
              yAxisProps={{ width: 170 }}
              withLegend
              withTooltip={false}
              barChartProps={{ accessibilityLayer: false }}
            />
          )}
          table={
            <Table striped aria-label="27 biểu hiện theo nhóm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Nhóm</Table.Th>
                  <Table.Th ta="right">Có biểu hiện</Table.Th>
                  <Table.Th ta="right">Có nguy cơ</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {groups.map((g) => (
                  <Table.Tr key={g.key}>
                    <Table.Td>{g.label}</Table.Td>
                    <Table.Td ta="right" data-figure={`manifestations.${g.key}.present`}>
                      {formatNumber(g.present)}
                    </Table.Td>
                    <Table.Td ta="right" data-figure={`manifestations.${g.key}.atRisk`}>
                      {formatNumber(g.atRisk)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          }
        />
        <Text size="sm" data-figure="manifestations.codes">
          {flagged.length === 0
            ? 'Không có biểu hiện nào được kết luận.'
            : `Theo số thứ tự: ${flagged
                .map((x) => `số ${x.code}: ${formatNumber(x.present)} có, ${formatNumber(x.atRisk)} nguy cơ`)
                .join('; ')}.`}
        </Text>
      </Section>

      <Section title="Sinh hoạt chi bộ" id="section-meetings">
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
          <Count label="Sinh hoạt thường kỳ" value={o.meetings.regular} figure="meetings.regular" />
          <Count label="Sinh hoạt chuyên đề" value={o.meetings.thematic} figure="meetings.thematic" />
          <Count label="Học tập chuyên đề" value={o.meetings.study} figure="meetings.study" />
          <Count label="Vấn đề nêu ra" value={o.meetingIssues.raised} figure="meetingIssues.raised" />
          <Count label="Vấn đề còn mở" value={o.meetingIssues.open} figure="meetingIssues.open" />
        </SimpleGrid>
        <Text size="sm">
          Lượt có mặt {formatNumber(o.meetingAttendance.present)}, vắng có lý do{' '}
          {formatNumber(o.meetingAttendance.excused)}, vắng không lý do{' '}
          {formatNumber(o.meetingAttendance.absent)} trên {formatNumber(o.meetingAttendance.expected)} lượt
          phải dự.
        </Text>
      </Section>
    </>
  );
}

function FigureRow({ label, value, figure }: { label: string; value: number; figure: string }) {
  return (
    <Table.Tr>
      <Table.Td>{label}</Table.Td>
      <Table.Td ta="right" data-figure={figure}>
        {formatNumber(value)}
      </Table.Td>
    </Table.Tr>
  );
}
