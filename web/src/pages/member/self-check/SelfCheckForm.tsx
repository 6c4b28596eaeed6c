import { Badge, Button, Card, Group, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import type { Schemas } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import type { ExplainedError } from '../../../lib/errors';
import { groupOf, MANIFESTATION_GROUPS, UNVERIFIED_TEXT } from '../../../lib/manifestations';

export type CheckStatus = 'none' | 'at_risk' | 'present';
export type CheckItem = Schemas['ConductCheckView']['items'][number];
export interface SelfEntry {
  code: number;
  status: CheckStatus;
  note?: string;
}

export const CHECK_STATUS_LABELS: Record<CheckStatus, string> = {
  none: 'Không có',
  at_risk: 'Có nguy cơ',
  present: 'Có biểu hiện',
};

interface Answer {
  status: CheckStatus | null;
  note: string;
}

/** What the member's answers send: every answered manifestation, its note trimmed (none when empty). */
export function selfEntries(answers: Record<number, Answer>): SelfEntry[] {
  return Object.entries(answers)
    .filter(([, a]) => a.status !== null)
    .map(([code, a]) => ({
      code: Number(code),
      status: a.status!,
      ...(a.note.trim() ? { note: a.note.trim() } : {}),
    }))
    .sort((a, b) => a.code - b.code);
}

/**
 * The member's self-check against the 27 manifestations: per manifestation, its text (unverified
 * ones marked), one of none / at risk / present, and a note. The answers live here until saved, so a
 * refused or failed save keeps every choice and word; `error.fields` (`self.3.note`) shows next to
 * the manifestation it names.
 */
export function SelfCheckForm({
  items,
  error,
  busy,
  onSave,
}: {
  items: CheckItem[];
  error: ExplainedError | null;
  busy: boolean;
  onSave: (entries: SelfEntry[]) => void;
}) {
  const [answers, setAnswers] = useState<Record<number, Answer>>(() =>
    Object.fromEntries(
      items.map((i) => [i.code, { status: i.self?.status ?? null, note: i.self?.note ?? '' }]),
    ),
  );
  const entries = selfEntries(answers);
  // The API names entries by their index in what was sent: map `self.<i>.<field>` back to the code.
  const fieldError = (code: number, field: 'status' | 'note' | 'code'): string | undefined => {
    const index = entries.findIndex((e) => e.code === code);
    return index < 0 ? undefined : error?.fields[`self.${index}.${field}`];
  };
  const shown = entries.flatMap((_, i) => [`self.${i}.status`, `self.${i}.note`, `self.${i}.code`]);
  const answered = entries.length;

  const set = (code: number, change: Partial<Answer>) =>
    setAnswers((prev) => ({ ...prev, [code]: { ...prev[code], ...change } }));

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSave(entries);
      }}
      noValidate
    >
      <Stack gap="lg">
        {MANIFESTATION_GROUPS.map((group) => (
          <Stack key={group.key} gap="sm" component="section" aria-labelledby={`check-${group.key}`}>
            <Title order={2} size="h4" id={`check-${group.key}`}>
              {group.label}
            </Title>
            {items
              .filter((m) => groupOf(m) === group.key)
              .map((m) => {
                const a = answers[m.code];
                const conclusion = m.conclusion;
                return (
                  <Card key={m.code} withBorder padding="sm">
                    <Radio.Group
                      label={`Biểu hiện ${m.code}`}
                      description={
                        <>
                          {m.displayText}
                          {!m.verified && (
                            <Badge
                              component="span"
                              color="yellow"
                              variant="light"
                              c="dark.7"
                              ml={6}
                              style={{ whiteSpace: 'normal', height: 'auto' }}
                            >
                              {UNVERIFIED_TEXT}
                            </Badge>
                          )}
                        </>
                      }
                      value={a.status ?? ''}
                      onChange={(v) => set(m.code, { status: v as CheckStatus })}
                      error={fieldError(m.code, 'status') ?? fieldError(m.code, 'code')}
                    >
                      <Group gap={0} mt="xs" className="check-options">
                        {(Object.keys(CHECK_STATUS_LABELS) as CheckStatus[]).map((s) => (
                          <Radio key={s} value={s} label={CHECK_STATUS_LABELS[s]} className="check-option" />
                        ))}
                      </Group>
                    </Radio.Group>
                    {(a.status === 'at_risk' || a.status === 'present' || a.note !== '') && (
                      <Textarea
                        mt="xs"
                        label={`Ghi chú biểu hiện ${m.code}`}
                        minRows={2}
                        value={a.note}
                        onChange={(e) => set(m.code, { note: e.currentTarget.value })}
                        error={fieldError(m.code, 'note')}
                      />
                    )}
                    {conclusion && (
                      <Text size="sm" c="dimmed" mt="xs">
                        Chi bộ kết luận: {CHECK_STATUS_LABELS[conclusion.status]}
                        {conclusion.note ? `: ${conclusion.note}` : ''}
                      </Text>
                    )}
                  </Card>
                );
              })}
          </Stack>
        ))}
        <FormError error={error} shown={shown} />
        <Group gap="sm" className="sticky-actions">
          <Text size="sm" aria-live="polite">
            Đã tự kiểm tra {answered}/{items.length} biểu hiện
          </Text>
          <Button type="submit" loading={busy}>
            Lưu tự kiểm tra
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
