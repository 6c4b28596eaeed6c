import { Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { formatNumber } from '../../lib/format';

export type AttendanceStatus = 'present' | 'excused' | 'absent';

export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  present: 'Có mặt',
  excused: 'Vắng có lý do',
  absent: 'Vắng không lý do',
};

export interface RosterPerson {
  memberId: string;
  fullName: string;
  /** Shown under the name, e.g. "Miễn sinh hoạt". */
  note?: string;
}

export type Attendance = Record<string, AttendanceStatus>;

/** Everyone on the roster present: where a secretary starts, then taps the few who are away. */
export function allPresent(people: RosterPerson[]): Attendance {
  return Object.fromEntries(people.map((p) => [p.memberId, 'present' as const]));
}

/** The counts shown above the roster and sent nowhere: the API counts for itself. */
export function attendanceCounts(attendance: Attendance): Record<AttendanceStatus, number> {
  const counts = { present: 0, excused: 0, absent: 0 };
  for (const status of Object.values(attendance)) counts[status] += 1;
  return counts;
}

/**
 * The cell's roster with one tap per person: `Có mặt`, `Vắng có lý do`, `Vắng không lý do` as a
 * segmented control (radio buttons to a screen reader, named after the person).
 */
export function AttendanceRoster({
  people,
  value,
  onChange,
  disabled,
}: {
  people: RosterPerson[];
  value: Attendance;
  onChange: (next: Attendance) => void;
  disabled?: boolean;
}) {
  const counts = attendanceCounts(value);
  return (
    <Stack gap="xs">
      <Text size="sm" aria-live="polite" data-testid="attendance-counts">
        {`Có mặt ${formatNumber(counts.present)} · Vắng có lý do ${formatNumber(counts.excused)} · Vắng không lý do ${formatNumber(counts.absent)}`}
      </Text>
      {people.map((p) => (
        <Paper key={p.memberId} withBorder p="xs">
          <Group justify="space-between" gap="xs">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text fw={600} id={`roster-${p.memberId}`}>
                {p.fullName}
              </Text>
              {p.note && (
                <Text size="sm" c="dimmed">
                  {p.note}
                </Text>
              )}
            </Stack>
            <SegmentedControl
              aria-labelledby={`roster-${p.memberId}`}
              name={`attendance-${p.memberId}`}
              disabled={disabled}
              value={value[p.memberId] ?? 'present'}
              onChange={(v) => onChange({ ...value, [p.memberId]: v })}
              data={(Object.keys(ATTENDANCE_LABELS) as AttendanceStatus[]).map((s) => ({
                value: s,
                label: ATTENDANCE_LABELS[s],
              }))}
              styles={{
                label: { minHeight: 44, display: 'flex', alignItems: 'center', whiteSpace: 'normal' },
              }}
              fullWidth
              style={{ flex: '1 1 260px' }}
            />
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
