import { Badge } from '@mantine/core';
import { CommitmentStatus, STATUS_COLORS, STATUS_LABELS } from '../lib/labels';

export function StatusBadge({ status }: { status: CommitmentStatus }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" size="lg" radius="sm" style={{ flexShrink: 0 }}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
