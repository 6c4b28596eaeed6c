import { Anchor, Table, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { formatNumber, formatRate } from '../../lib/format';
import { ChildRow, ChildSortField, rateBand, SortOrder } from './reportFigures';

interface Column {
  field: ChildSortField;
  label: string;
  /** A rate column: the rate on the colour scale, its fraction beside it. */
  rate?: { of: (r: ChildRow) => [number, number] };
}

const COLUMNS: Column[] = [
  { field: 'name', label: 'Tổ chức' },
  { field: 'members', label: 'Đảng viên' },
  { field: 'expected', label: 'Phải tham gia' },
  { field: 'registrationRate', label: 'Đăng ký làm theo', rate: { of: (r) => [r.registered, r.expected] } },
  {
    field: 'studyParticipationRate',
    label: 'Học tập chuyên đề',
    rate: { of: (r) => [r.participated, r.expected] },
  },
  {
    field: 'meetingAttendanceRate',
    label: 'Dự sinh hoạt',
    rate: { of: (r) => [r.attendancePresent, r.attendanceExpected] },
  },
  { field: 'doneRate', label: 'Nội dung hoàn thành', rate: { of: (r) => [r.itemsDone, r.items] } },
  { field: 'lateSubmissions', label: 'Nộp muộn' },
  { field: 'excellent', label: 'Xuất sắc' },
  { field: 'incomplete', label: 'Không hoàn thành' },
  { field: 'manifestationsPresent', label: 'Có biểu hiện' },
  { field: 'openIssues', label: 'Vấn đề còn mở' },
];

/**
 * The per-child table (GET /api/reports/organizations): each heading sorts (the API's order), every
 * rate on the one colour scale with its fraction beside it, a name opens that organisation's report.
 */
export function ChildTable({
  rows,
  sort,
  onSort,
  linkOf,
}: {
  rows: ChildRow[];
  sort: { field: ChildSortField; order: SortOrder };
  onSort: (field: ChildSortField) => void;
  linkOf: (organizationId: string) => string;
}) {
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table striped highlightOnHover aria-label="Các tổ chức trực thuộc" verticalSpacing="xs" fz="sm">
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((c) => {
              const active = sort.field === c.field;
              return (
                <Table.Th
                  key={c.field}
                  aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}
                  ta={c.field === 'name' ? 'left' : 'right'}
                >
                  <UnstyledButton
                    onClick={() => onSort(c.field)}
                    fw={700}
                    fz="sm"
                    className="sort-button"
                    aria-label={`Sắp xếp theo ${c.label}`}
                  >
                    {c.label}
                    <span aria-hidden> {active ? (sort.order === 'asc' ? '▲' : '▼') : '↕'}</span>
                  </UnstyledButton>
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.organizationId} data-organization={r.organizationId}>
              {COLUMNS.map((c) => {
                if (c.field === 'name')
                  return (
                    <Table.Td key={c.field}>
                      <Anchor component={Link} to={linkOf(r.organizationId)} fw={600}>
                        {r.name}
                      </Anchor>
                    </Table.Td>
                  );
                if (c.rate) {
                  const rate = r[c.field];
                  const [num, den] = c.rate.of(r);
                  const band = rateBand(rate);
                  return (
                    <Table.Td
                      key={c.field}
                      ta="right"
                      data-column={c.field}
                      style={band ? { background: band.background, color: band.color } : undefined}
                    >
                      <Text span fw={600} inherit>
                        {rate === null ? '—' : formatRate(rate)}
                      </Text>
                      <Text span size="xs" inherit>
                        {' '}
                        ({formatNumber(num)}/{formatNumber(den)})
                      </Text>
                    </Table.Td>
                  );
                }
                return (
                  <Table.Td key={c.field} ta="right" data-column={c.field}>
                    {formatNumber(r[c.field])}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
