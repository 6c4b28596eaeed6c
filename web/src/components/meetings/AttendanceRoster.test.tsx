import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { allPresent, Attendance, attendanceCounts, AttendanceRoster, RosterPerson } from './AttendanceRoster';

const people: RosterPerson[] = [
  { memberId: 'a', fullName: 'Nguyễn Văn An' },
  { memberId: 'b', fullName: 'Trần Thị Bích' },
  { memberId: 'c', fullName: 'Lê Đức Cường', note: 'Miễn sinh hoạt' },
];

function Harness({ onChange }: { onChange: (a: Attendance) => void }) {
  const [value, setValue] = useState(allPresent(people));
  return (
    <MantineProvider>
      <AttendanceRoster
        people={people}
        value={value}
        onChange={(next) => {
          setValue(next);
          onChange(next);
        }}
      />
    </MantineProvider>
  );
}

describe('AttendanceRoster', () => {
  it('counts each status', () => {
    expect(attendanceCounts({ a: 'present', b: 'excused', c: 'present' })).toEqual({
      present: 2,
      excused: 1,
      absent: 0,
    });
  });

  it('starts everyone present and changes one person with one tap, leaving the others', async () => {
    let last: Attendance = {};
    render(<Harness onChange={(a) => (last = a)} />);
    expect(screen.getByTestId('attendance-counts').textContent).toBe(
      'Có mặt 3 · Vắng có lý do 0 · Vắng không lý do 0',
    );
    const bich = screen.getByRole('radiogroup', { name: 'Trần Thị Bích' });
    await userEvent.click(within(bich).getByLabelText('Vắng có lý do'));
    expect(last).toEqual({ a: 'present', b: 'excused', c: 'present' });
    expect(screen.getByTestId('attendance-counts').textContent).toBe(
      'Có mặt 2 · Vắng có lý do 1 · Vắng không lý do 0',
    );
    expect(screen.getByText('Miễn sinh hoạt')).toBeTruthy();
  });
});
