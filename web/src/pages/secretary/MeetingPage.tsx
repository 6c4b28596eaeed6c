import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../../api/client';
import { ATTENDANCE_LABELS } from '../../components/meetings/AttendanceRoster';
import { notifyError } from '../../components/notify';
import { Loaded, Page } from '../../components/Page';
import { downloadFile } from '../../lib/download';
import { unwrap } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { MEETING_KIND_LABELS } from './meetingLabels';

/** One recorded meeting, with its pack to print (DOCX): kind, topic, attendance by person, presented commitments, minutes. */
export default function MeetingPage() {
  const { id = '' } = useParams();
  const meeting = useQuery({
    queryKey: ['meetings', 'one', id],
    queryFn: () => unwrap(api.GET('/api/meetings/{id}', { params: { path: { id } } })),
  });
  return (
    <Loaded query={meeting}>
      {(m) => (
        <Page
          title={`Sinh hoạt ngày ${formatDate(m.heldOn)}`}
          actions={
            <Group gap="xs">
              <Badge size="lg">{MEETING_KIND_LABELS[m.kind]}</Badge>
              <PackDownload meetingId={m.id} />
            </Group>
          }
        >
          <Text>
            <b>{m.cellName}</b>: {m.topic}
          </Text>
          <Stack gap="xs" component="section" aria-label="Điểm danh">
            <Title order={2} size="h4">
              Điểm danh
            </Title>
            <Table.ScrollContainer minWidth={0}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Đảng viên</Table.Th>
                    <Table.Th>Tình trạng</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {m.attendance.map((a) => (
                    <Table.Tr key={a.memberId}>
                      <Table.Td>{a.fullName}</Table.Td>
                      <Table.Td>{ATTENDANCE_LABELS[a.status]}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
          {m.presentedCommitmentIds.length > 0 && (
            <Text>Số bản cam kết được công khai tại buổi sinh hoạt: {m.presentedCommitmentIds.length}</Text>
          )}
          {m.minutes && (
            <Paper withBorder p="sm" component="section" aria-label="Biên bản">
              <Title order={2} size="h4" mb="xs">
                Biên bản
              </Title>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{m.minutes}</Text>
            </Paper>
          )}
          {m.guests.length > 0 && (
            <Group gap="xs">
              <Text fw={600}>Khách mời:</Text>
              <Text>
                {m.guests.map((g) => g.fullName + (g.position ? ` (${g.position})` : '')).join(', ')}
              </Text>
            </Group>
          )}
        </Page>
      )}
    </Loaded>
  );
}

/** GET /api/meetings/:id/pack: the meeting's documents (agenda, roster to sign, commitments, minutes) as DOCX. */
function PackDownload({ meetingId }: { meetingId: string }) {
  const [busy, setBusy] = useState(false);
  async function download() {
    setBusy(true);
    try {
      await downloadFile(`/api/meetings/${meetingId}/pack`, 'tai-lieu-sinh-hoat.docx');
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button variant="light" loading={busy} onClick={() => void download()}>
      Tải tài liệu sinh hoạt (DOCX)
    </Button>
  );
}
