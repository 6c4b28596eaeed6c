import { Button, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { downloadFile } from '../../lib/download';
import { ExplainedError, explainError } from '../../lib/errors';
import { parseVnDate } from '../../lib/format';
import { MEETING_KIND_LABELS, MeetingKind } from '../../pages/secretary/meetingLabels';
import { FormError } from '../FormError';

/**
 * `Chuẩn bị buổi sinh hoạt`: the pack of a meeting to come (GET /api/meetings/pack, DOCX) for the
 * secretary to print: agenda, the roster to sign, the commitments to make public, the minutes form.
 */
export function MeetingPackForm({ cellId }: { cellId: string }) {
  const [heldOn, setHeldOn] = useState('');
  const [kind, setKind] = useState<MeetingKind>('regular');
  const [topic, setTopic] = useState('');
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);

  async function download() {
    setBusy(true);
    try {
      const query = new URLSearchParams({ cellId, heldOn: parseVnDate(heldOn) ?? '', kind });
      if (topic.trim()) query.set('topic', topic.trim());
      await downloadFile(`/api/meetings/pack?${query.toString()}`, 'tai-lieu-sinh-hoat.docx');
      setError(null);
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="meeting-pack-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void download();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="meeting-pack-title">
            Chuẩn bị buổi sinh hoạt
          </Title>
          <Text size="sm">
            Tệp Word để in: chương trình, danh sách đảng viên có cột ký tên, các bản cam kết chờ công khai và
            mẫu biên bản ghi sẵn chi bộ, ngày và số đảng viên.
          </Text>
          <FormError error={error} shown={['heldOn', 'kind', 'topic']} />
          <TextInput
            label="Ngày dự kiến"
            description="Ngày/tháng/năm, ví dụ 15/12/2026"
            inputMode="numeric"
            autoComplete="off"
            maw={240}
            required
            value={heldOn}
            onChange={(e) => setHeldOn(e.currentTarget.value)}
            error={error?.fields.heldOn}
          />
          <NativeSelect
            label="Loại buổi sinh hoạt"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as MeetingKind)}
            data={(Object.keys(MEETING_KIND_LABELS) as MeetingKind[]).map((k) => ({
              value: k,
              label: MEETING_KIND_LABELS[k],
            }))}
            error={error?.fields.kind}
            maw={320}
          />
          <TextInput
            label="Nội dung chính (không bắt buộc)"
            value={topic}
            onChange={(e) => setTopic(e.currentTarget.value)}
            error={error?.fields.topic}
          />
          <Button type="submit" loading={busy} w="fit-content">
            Tải tài liệu sinh hoạt (DOCX)
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
