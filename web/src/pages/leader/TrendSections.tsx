import { LineChart } from '@mantine/charts';
import { SimpleGrid, Table } from '@mantine/core';
import { ReactNode } from 'react';
import { formatNumber, formatRate } from '../../lib/format';
import { DeferredChart } from './DeferredChart';
import type { MonthTrend, YearTrend } from './reportsApi';

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 10000) / 100);

function Frac({ rate, n, d, figure }: { rate: number | null; n: number; d: number; figure: string }) {
  return (
    <Table.Td ta="right" data-figure={figure}>
      {rate === null ? '—' : formatRate(rate)} ({formatNumber(n)}/{formatNumber(d)})
    </Table.Td>
  );
}

function Layout({ chart, height, table }: { chart: () => ReactNode; height: number; table: ReactNode }) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <div aria-hidden>
        <DeferredChart height={height} draw={chart} />
      </div>
      <Table.ScrollContainer minWidth={0}>{table}</Table.ScrollContainer>
    </SimpleGrid>
  );
}

/** GET /api/reports/trend (by month): monthly registration and attendance, meetings and issues. */
export function MonthTrendView({ t }: { t: MonthTrend }) {
  return (
    <Layout
      height={260}
      chart={() => (
        <LineChart
          h={260}
          data={t.months.map((m) => ({
            month: `T${m.month}`,
            registration: percent(m.registration.rate),
            attendance: percent(m.meetingAttendance.rate),
          }))}
          dataKey="month"
          series={[
            { name: 'registration', label: 'Đăng ký tháng (%)', color: 'red.8' },
            { name: 'attendance', label: 'Dự sinh hoạt (%)', color: 'blue.8' },
          ]}
          yAxisProps={{ domain: [0, 100] }}
          unit="%"
          withLegend
          withTooltip={false}
          connectNulls={false}
          lineChartProps={{ accessibilityLayer: false }}
        />
      )}
      table={
        <Table striped aria-label="Diễn biến theo tháng" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Tháng</Table.Th>
              <Table.Th ta="right">Đăng ký tháng</Table.Th>
              <Table.Th ta="right">Dự sinh hoạt</Table.Th>
              <Table.Th ta="right">Buổi sinh hoạt</Table.Th>
              <Table.Th ta="right">Vấn đề nêu ra</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {t.months.map((m) => (
              <Table.Tr key={m.month}>
                <Table.Td>Tháng {m.month}</Table.Td>
                <Frac
                  figure={`month.${m.month}.registration`}
                  rate={m.registration.rate}
                  n={m.registration.registered}
                  d={m.registration.expected}
                />
                <Frac
                  figure={`month.${m.month}.attendance`}
                  rate={m.meetingAttendance.rate}
                  n={m.meetingAttendance.present}
                  d={m.meetingAttendance.expected}
                />
                <Table.Td ta="right" data-figure={`month.${m.month}.meetings`}>
                  {formatNumber(m.meetings.regular + m.meetings.thematic + m.meetings.study)}
                </Table.Td>
                <Table.Td ta="right" data-figure={`month.${m.month}.issues`}>
                  {formatNumber(m.issuesRaised)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    />
  );
}

/** GET /api/reports/trend?by=year: the overview's main rates year over year. */
export function YearTrendView({ t }: { t: YearTrend }) {
  return (
    <Layout
      height={260}
      chart={() => (
        <LineChart
          h={260}
          data={t.years.map((y) => ({
            year: String(y.year),
            registration: percent(y.registration.yearly.rate),
            study: percent(y.studyParticipation.rate),
            attendance: percent(y.meetingAttendance.rate),
            done: percent(y.outcomes.doneRate),
          }))}
          dataKey="year"
          series={[
            { name: 'registration', label: 'Đăng ký làm theo (%)', color: 'red.8' },
            { name: 'study', label: 'Học tập chuyên đề (%)', color: 'grape.8' },
            { name: 'attendance', label: 'Dự sinh hoạt (%)', color: 'blue.8' },
            { name: 'done', label: 'Nội dung hoàn thành (%)', color: 'teal.8' },
          ]}
          yAxisProps={{ domain: [0, 100] }}
          unit="%"
          withLegend
          withTooltip={false}
          lineChartProps={{ accessibilityLayer: false }}
        />
      )}
      table={
        <Table striped aria-label="Diễn biến qua các năm" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Năm</Table.Th>
              <Table.Th ta="right">Đảng viên</Table.Th>
              <Table.Th ta="right">Đăng ký làm theo</Table.Th>
              <Table.Th ta="right">Học tập chuyên đề</Table.Th>
              <Table.Th ta="right">Dự sinh hoạt</Table.Th>
              <Table.Th ta="right">Nội dung hoàn thành</Table.Th>
              <Table.Th ta="right">Xuất sắc</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {t.years.map((y) => (
              <Table.Tr key={y.year}>
                <Table.Td>{y.year}</Table.Td>
                <Table.Td ta="right" data-figure={`year.${y.year}.members`}>
                  {formatNumber(y.members.total)}
                </Table.Td>
                <Frac
                  figure={`year.${y.year}.registration`}
                  rate={y.registration.yearly.rate}
                  n={y.registration.yearly.registered}
                  d={y.registration.yearly.expected}
                />
                <Frac
                  figure={`year.${y.year}.study`}
                  rate={y.studyParticipation.rate}
                  n={y.studyParticipation.participated}
                  d={y.studyParticipation.expected}
                />
                <Frac
                  figure={`year.${y.year}.attendance`}
                  rate={y.meetingAttendance.rate}
                  n={y.meetingAttendance.present}
                  d={y.meetingAttendance.expected}
                />
                <Frac
                  figure={`year.${y.year}.done`}
                  rate={y.outcomes.doneRate}
                  n={y.outcomes.done}
                  d={y.outcomes.items}
                />
                <Table.Td ta="right" data-figure={`year.${y.year}.excellent`}>
                  {formatNumber(y.evaluation.excellent)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    />
  );
}
