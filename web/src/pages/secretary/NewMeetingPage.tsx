import {
  Button,
  Checkbox,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { FormError } from '../../components/FormError';
import {
  allPresent,
  Attendance,
  AttendanceRoster,
  RosterPerson,
} from '../../components/meetings/AttendanceRoster';
import { notifyDone } from '../../components/notify';
import { Loaded, Page } from '../../components/Page';
import { ExplainedError, explainError, unwrap } from '../../lib/errors';
import { formatDate, formatPeriod, parseVnDate, vnToday } from '../../lib/format';
import { MEETING_KIND_LABELS, MeetingKind } from './meetingLabels';
import { useSecretaryCell } from './useSecretaryCell';

/**
 * Recording a cell meeting from the cell's roster: kind, date, topic, attendance with one tap per
 * person, the commitments presented before the cell, the minutes (biên bản). Nothing typed is lost
 * when the API refuses: the form stays as it was and says why.
 */
export default function NewMeetingPage() {
  const { cellId } = useSecretaryCell();
  const roster = useQuery({
    queryKey: ['members', 'roster', cellId],
    enabled: cellId !== null,
    queryFn: () =>
      unwrap(api.GET('/api/members', { params: { query: { organizationId: cellId!, pageSize: 200 } } })),
  });
  return (
    <Page title="Ghi biên bản sinh hoạt">
      {cellId === null ? (
        <Text>Tài khoản của bạn không phụ trách chi bộ nào.</Text>
      ) : (
        <Loaded query={roster}>
          {(r) => (
            <MeetingForm
              cellId={cellId}
              people={r.items
                .filter((m) => !m.expelledOn)
                .map((m) => ({
                  memberId: m.id,
                  fullName: m.fullName,
                  note: m.isExempt
                    ? 'Miễn công tác và sinh hoạt đảng'
                    : m.status === 'probationary'
                      ? 'Dự bị'
                      : undefined,
                }))}
            />
          )}
        </Loaded>
      )}
    </Page>
  );
}

function MeetingForm({ cellId, people }: { cellId: string; people: RosterPerson[] }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const today = vnToday();
  const [kind, setKind] = useState<MeetingKind>('regular');
  const [heldOn, setHeldOn] = useState(formatDate(today));
  const [topic, setTopic] = useState('');
  const [attendance, setAttendance] = useState<Attendance>(() => allPresent(people));
  const [presented, setPresented] = useState<string[]>([]);
  const [minutes, setMinutes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ExplainedError | null>(null);
  useEffect(() => setAttendance((a) => ({ ...allPresent(people), ...a })), [people]);

  const heldOnIso = parseVnDate(heldOn) ?? '';
  const year = Number(/^\d{4}/.exec(heldOnIso)?.[0]) || Number(today.slice(0, 4));
  const accepted = useQuery({
    queryKey: ['commitments', 'list', { organizationId: cellId, year, status: 'accepted' }],
    queryFn: () =>
      unwrap(
        api.GET('/api/commitments', {
          params: { query: { organizationId: cellId, year, status: 'accepted', pageSize: 200 } },
        }),
      ),
  });

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const meeting = await unwrap(
        api.POST('/api/meetings', {
          body: {
            cellId,
            kind,
            heldOn: heldOnIso,
            topic: topic.trim(),
            attendance: Object.entries(attendance).map(([memberId, status]) => ({ memberId, status })),
            ...(presented.length ? { presentedCommitmentIds: presented } : {}),
            ...(minutes.trim() ? { minutes } : {}),
          },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['meetings'] });
      notifyDone('Đã ghi buổi sinh hoạt chi bộ.');
      void navigate(`/sinh-hoat/${meeting.id}`, { replace: true });
    } catch (err) {
      setError(explainError(err));
      setBusy(false);
    }
  }

  const fields = error?.fields ?? {};
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="md">
        <FormError error={error} shown={['kind', 'heldOn', 'topic', 'minutes']} />
        <Paper withBorder p="sm">
          <Stack gap="sm">
            <NativeSelect
              label="Loại buổi sinh hoạt"
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value as MeetingKind)}
              data={(Object.keys(MEETING_KIND_LABELS) as MeetingKind[]).map((k) => ({
                value: k,
                label: MEETING_KIND_LABELS[k],
              }))}
              error={fields.kind}
            />
            <TextInput
              label="Ngày sinh hoạt"
              description="Ngày/tháng/năm, ví dụ 07/12/2026"
              inputMode="numeric"
              autoComplete="off"
              maw={240}
              required
              value={heldOn}
              onChange={(e) => setHeldOn(e.currentTarget.value)}
              error={fields.heldOn}
            />
            <TextInput
              label="Nội dung chính"
              required
              value={topic}
              onChange={(e) => setTopic(e.currentTarget.value)}
              maxLength={500}
              error={fields.topic}
            />
          </Stack>
        </Paper>
        <Stack gap="xs" component="section" aria-label="Điểm danh">
          <Title order={2} size="h4">
            Điểm danh
          </Title>
          <AttendanceRoster people={people} value={attendance} onChange={setAttendance} disabled={busy} />
        </Stack>
        <Stack gap="xs" component="section" aria-label="Công khai cam kết">
          <Title order={2} size="h4">
            Bản cam kết công khai trước chi bộ
          </Title>
          <Loaded query={accepted}>
            {(list) =>
              list.items.length === 0 ? (
                <Text size="sm">Chưa có bản cam kết nào được chấp nhận trong năm {year}.</Text>
              ) : (
                <Checkbox.Group
                  value={presented}
                  onChange={setPresented}
                  aria-label="Bản cam kết công khai trước chi bộ"
                >
                  <Stack gap={4}>
                    {list.items.map((c) => (
                      <Checkbox
                        key={c.id}
                        value={c.id}
                        label={`${c.memberName}: cam kết ${formatPeriod(c).toLowerCase()}`}
                        styles={{ body: { minHeight: 44, alignItems: 'center' } }}
                      />
                    ))}
                  </Stack>
                </Checkbox.Group>
              )
            }
          </Loaded>
        </Stack>
        <Textarea
          label="Biên bản"
          value={minutes}
          onChange={(e) => setMinutes(e.currentTarget.value)}
          autosize
          minRows={4}
          maxLength={100000}
          error={fields.minutes}
        />
        <Button type="submit" loading={busy} w="fit-content">
          Lưu buổi sinh hoạt
        </Button>
      </Stack>
    </form>
  );
}
