import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { ChildTable } from './ChildTable';
import { ChildRow, ChildSortField, nextSort, rateBand, SortOrder, sortChildRows } from './reportFigures';

const row = (name: string, registered: number, expected: number): ChildRow => ({
  organizationId: `id-${name}`,
  name,
  kind: 'cell',
  members: expected,
  expected,
  registrationRate: expected ? Math.round((registered / expected) * 10000) / 10000 : null,
  registered,
  studyParticipationRate: null,
  participated: 0,
  meetingAttendanceRate: null,
  attendancePresent: 0,
  attendanceExpected: 0,
  doneRate: null,
  itemsDone: 0,
  items: 0,
  lateSubmissions: 0,
  excellent: 0,
  good: 0,
  complete: 0,
  incomplete: 0,
  unclassified: 0,
  manifestationsPresent: 0,
  openIssues: 0,
});

const rows = [
  row('Chi bộ Tổ dân phố số 2', 9, 20),
  row('Chi bộ Ấp Bắc', 19, 20),
  row('Chi bộ Khu phố 5', 0, 0),
];

function Harness() {
  const [sort, setSort] = useState<{ field: ChildSortField; order: SortOrder }>({
    field: 'name',
    order: 'asc',
  });
  return (
    <MantineProvider>
      <MemoryRouter>
        <ChildTable
          rows={sortChildRows(rows, sort.field, sort.order)}
          sort={sort}
          onSort={(f) => setSort((s) => nextSort(s, f))}
          linkOf={(id) => `/bao-cao?toChuc=${id}`}
        />
      </MemoryRouter>
    </MantineProvider>
  );
}

const names = () =>
  within(screen.getByRole('table', { name: 'Các tổ chức trực thuộc' }))
    .getAllByRole('link')
    .map((a) => a.textContent);

describe(ChildTable.name, () => {
  it('sorts by a heading with the keyboard, says the order, keeps a rate over nothing last', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    expect(names()).toEqual(['Chi bộ Ấp Bắc', 'Chi bộ Khu phố 5', 'Chi bộ Tổ dân phố số 2']);
    const heading = screen.getByRole('button', { name: 'Sắp xếp theo Đăng ký làm theo' });
    heading.focus();
    await user.keyboard('{Enter}');
    expect(names()).toEqual(['Chi bộ Ấp Bắc', 'Chi bộ Tổ dân phố số 2', 'Chi bộ Khu phố 5']);
    expect(screen.getByRole('columnheader', { name: /Đăng ký làm theo/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    await user.keyboard('{Enter}');
    expect(names()).toEqual(['Chi bộ Tổ dân phố số 2', 'Chi bộ Ấp Bắc', 'Chi bộ Khu phố 5']);
    expect(screen.getByRole('columnheader', { name: /Đăng ký làm theo/ }).getAttribute('aria-sort')).toBe(
      'ascending',
    );
  });

  it('shows each rate with its fraction on the scale’s colours, and a link to the organisation', () => {
    render(<Harness />);
    const cell = screen.getByRole('link', { name: 'Chi bộ Tổ dân phố số 2' }).closest('tr')!;
    const rate = cell.querySelector('[data-column="registrationRate"]') as HTMLElement;
    expect(rate.textContent).toBe('45% (9/20)');
    expect(rate.style.background).not.toBe('');
    expect(rateBand(0.45)?.label).toBe('Thấp');
    expect(
      decodeURI(screen.getByRole('link', { name: 'Chi bộ Tổ dân phố số 2' }).getAttribute('href')!),
    ).toBe('/bao-cao?toChuc=id-Chi bộ Tổ dân phố số 2');
    const empty = screen.getByRole('link', { name: 'Chi bộ Khu phố 5' }).closest('tr')!;
    expect(empty.querySelector('[data-column="registrationRate"]')!.textContent).toBe('— (0/0)');
  });
});
