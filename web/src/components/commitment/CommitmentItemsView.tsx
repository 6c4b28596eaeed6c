import { Badge, Paper, Stack, Text, Title } from '@mantine/core';
import type { Schemas } from '../../api/client';
import { useManifestations } from '../../api/queries';
import { formatDate } from '../../lib/format';
import { CATEGORY_LABELS, CATEGORY_ORDER, OUTCOME_LABELS } from '../../lib/labels';
import { UNVERIFIED_TEXT } from '../../lib/manifestations';

/** The items of a commitment to read (not editable), by category, with their results. */
export function CommitmentItemsView({ items }: { items: Schemas['CommitmentItemView'][] }) {
  const manifestations = useManifestations();
  const byCode = new Map((manifestations.data ?? []).map((m) => [m.code, m]));
  return (
    <Stack gap="md">
      {CATEGORY_ORDER.map((category) => {
        const own = items.filter((i) => i.category === category).sort((a, b) => a.position - b.position);
        if (own.length === 0) return null;
        return (
          <Stack key={category} gap="xs" component="section" aria-label={CATEGORY_LABELS[category]}>
            <Title order={2} size="h4">
              {CATEGORY_LABELS[category]}
            </Title>
            {own.map((item) => (
              <Paper key={item.id} withBorder p="sm">
                <Stack gap={4}>
                  <Text style={{ whiteSpace: 'pre-wrap' }}>{item.content}</Text>
                  {item.target && (
                    <Text size="sm">
                      <b>Chỉ tiêu:</b> {item.target}
                    </Text>
                  )}
                  {item.dueDate && (
                    <Text size="sm">
                      <b>Hạn hoàn thành:</b> {formatDate(item.dueDate)}
                    </Text>
                  )}
                  {item.manifestationCodes.length > 0 && (
                    <Stack gap={2} component="ul" style={{ margin: 0, paddingLeft: '1.2em' }}>
                      {item.manifestationCodes.map((code) => {
                        const m = byCode.get(code);
                        return (
                          <Text key={code} component="li" size="sm">
                            <b>Biểu hiện {code}:</b> {m?.displayText}
                            {m && !m.verified && (
                              <Text span size="sm" c="orange.9" fs="italic" className="unverified">
                                {' '}
                                ({UNVERIFIED_TEXT})
                              </Text>
                            )}
                          </Text>
                        );
                      })}
                    </Stack>
                  )}
                  {item.outcome && (
                    <Badge
                      color={item.outcome === 'done' ? 'green' : item.outcome === 'partly' ? 'yellow' : 'red'}
                      variant="light"
                    >
                      Kết quả: {OUTCOME_LABELS[item.outcome]}
                    </Badge>
                  )}
                  {item.note && <Text size="sm">Ghi chú: {item.note}</Text>}
                </Stack>
              </Paper>
            ))}
          </Stack>
        );
      })}
    </Stack>
  );
}
