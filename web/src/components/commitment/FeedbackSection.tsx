import { Badge, Button, Card, Group, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { useFeedback } from '../../api/queries';
import { ExplainedError, explainError, unwrap } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { FEEDBACK_KIND_LABELS } from '../../lib/labels';
import { FormError } from '../FormError';
import { notifyDone } from '../notify';
import { Loaded } from '../Page';

type Kind = 'comment' | 'suggestion' | 'commendation' | 'criticism';

/** Góp ý on a commitment: read by its owner, given by cell mates and the secretary. */
export function FeedbackSection({ commitmentId, canGive }: { commitmentId: string; canGive: boolean }) {
  const query = useFeedback(commitmentId);
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('suggestion');
  const [content, setContent] = useState('');
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);

  async function give() {
    setBusy(true);
    try {
      await unwrap(
        api.POST('/api/commitments/{id}/feedback', {
          params: { path: { id: commitmentId } },
          body: { kind, content: content.trim() },
        }),
      );
      setContent('');
      setError(null);
      notifyDone('Đã gửi góp ý.');
      await queryClient.invalidateQueries({ queryKey: ['feedback', commitmentId] });
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="sm" component="section" aria-labelledby="feedback-title">
      <Title order={2} size="h4" id="feedback-title">
        Góp ý
      </Title>
      <Loaded query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <Text c="dimmed">Chưa có góp ý.</Text>
          ) : (
            <Stack gap="xs">
              {data.items.map((f) => (
                <Card key={f.id} withBorder padding="sm">
                  <Group gap="xs" justify="space-between">
                    <Text fw={600}>{f.authorName}</Text>
                    <Badge variant="light">{FEEDBACK_KIND_LABELS[f.kind]}</Badge>
                  </Group>
                  <Text style={{ whiteSpace: 'pre-wrap' }}>{f.content}</Text>
                  <Text size="sm" c="dimmed">
                    {formatDateTime(f.createdAt)}
                  </Text>
                </Card>
              ))}
            </Stack>
          )
        }
      </Loaded>
      {canGive && (
        <Stack gap="xs">
          <FormError error={error} shown={['content', 'kind']} />
          <NativeSelect
            label="Loại góp ý"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as Kind)}
            data={Object.entries(FEEDBACK_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            error={error?.fields.kind}
            maw={300}
          />
          <Textarea
            label="Nội dung góp ý"
            autosize
            minRows={2}
            value={content}
            onChange={(e) => setContent(e.currentTarget.value)}
            error={error?.fields.content}
          />
          <Button onClick={() => void give()} loading={busy} w="fit-content">
            Gửi góp ý
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
