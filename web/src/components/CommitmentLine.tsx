import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatDate, formatPeriod, PeriodType } from '../lib/format';
import type { CommitmentStatus } from '../lib/labels';
import { StatusBadge } from './StatusBadge';

export interface CommitmentLineData {
  id: string;
  year: number;
  periodType: PeriodType;
  periodIndex: number | null;
  status: CommitmentStatus;
  late: boolean;
  deadlineOn: string | null;
  memberName?: string;
}

/** One commitment in a list: the whole card is the link (a large target for thumbs). */
export function CommitmentLine({
  commitment: c,
  showMember = false,
  hint,
}: {
  commitment: CommitmentLineData;
  showMember?: boolean;
  hint?: ReactNode;
}) {
  const title = `Cam kết ${formatPeriod(c).toLowerCase()}${showMember && c.memberName ? `: ${c.memberName}` : ''}`;
  return (
    <Card withBorder padding="sm" component={Link} to={`/cam-ket/${c.id}`} className="card-link">
      <Stack gap={4}>
        {/* The title takes the width it needs; on a phone a long one puts the status under it. */}
        <Group justify="space-between" align="flex-start" gap="xs">
          <Text fw={600}>{title}</Text>
          <StatusBadge status={c.status} />
        </Group>
        {(c.deadlineOn || c.late) && (
          <Group gap="xs">
            {c.deadlineOn && (
              <Text size="sm" c="dimmed">
                Hạn đăng ký: {formatDate(c.deadlineOn)}
              </Text>
            )}
            {c.late && (
              <Badge color="orange" variant="outline" size="sm">
                Nộp muộn
              </Badge>
            )}
          </Group>
        )}
        {hint}
      </Stack>
    </Card>
  );
}
