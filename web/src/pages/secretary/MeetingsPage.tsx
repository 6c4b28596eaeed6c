import { Button, Card, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { MeetingPackForm } from '../../components/meetings/MeetingPackForm';
import { Loaded, Page } from '../../components/Page';
import { unwrap } from '../../lib/errors';
import { formatDate, formatNumber } from '../../lib/format';
import { MEETING_KIND_LABELS } from './meetingLabels';
import { useSecretaryCell } from './useSecretaryCell';

/**
 * `Sinh hoạt chi bộ`: the pack of the next meeting, the cell's meetings (newest first) and `Ghi biên
 * bản sinh hoạt`.
 */
export default function MeetingsPage() {
  const { cells, cellId, setCellId } = useSecretaryCell();
  const meetings = useQuery({
    queryKey: ['meetings', 'list', { cellId }],
    enabled: cellId !== null,
    queryFn: () =>
      unwrap(api.GET('/api/meetings', { params: { query: { organizationId: cellId!, pageSize: 100 } } })),
  });
  return (
    <Page
      title="Sinh hoạt chi bộ"
      actions={
        cellId && (
          <Button component={Link} to={`/sinh-hoat/moi?chiBo=${cellId}`}>
            Ghi biên bản sinh hoạt
          </Button>
        )
      }
    >
      {cells.length > 1 && (
        <NativeSelect
          label="Chi bộ"
          value={cellId ?? ''}
          onChange={(e) => setCellId(e.currentTarget.value)}
          data={cells}
        />
      )}
      {cellId !== null && <MeetingPackForm key={cellId} cellId={cellId} />}
      {cellId === null ? (
        <Text>Tài khoản của bạn không phụ trách chi bộ nào.</Text>
      ) : (
        <Loaded query={meetings}>
          {(m) =>
            m.items.length === 0 ? (
              <Text>Chi bộ chưa ghi buổi sinh hoạt nào.</Text>
            ) : (
              <Stack gap="xs">
                {m.items.map((meeting) => (
                  <Card
                    key={meeting.id}
                    withBorder
                    padding="sm"
                    component={Link}
                    to={`/sinh-hoat/${meeting.id}`}
                    className="card-link"
                  >
                    <Group justify="space-between" gap="xs">
                      <Stack gap={0} style={{ minWidth: 0 }}>
                        <Text fw={600}>
                          {formatDate(meeting.heldOn)}: {meeting.topic}
                        </Text>
                        <Text size="sm" c="dimmed">
                          {MEETING_KIND_LABELS[meeting.kind]}
                        </Text>
                      </Stack>
                      <Text size="sm">
                        Có mặt {formatNumber(meeting.present)}/{formatNumber(meeting.expected)}
                      </Text>
                    </Group>
                  </Card>
                ))}
              </Stack>
            )
          }
        </Loaded>
      )}
    </Page>
  );
}
