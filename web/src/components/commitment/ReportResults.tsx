import { Button, Paper, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Schemas } from '../../api/client';
import { ExplainedError, explainError } from '../../lib/errors';
import { CATEGORY_LABELS, Outcome, OUTCOME_LABELS } from '../../lib/labels';
import { FormError } from '../FormError';
import { notifyDone } from '../notify';
import { ordered, fromView } from './items';
import { useCommitmentWrites } from './useSaveCommitment';

type View = Schemas['CommitmentView'];

/** `Báo cáo kết quả`: an outcome and a note per item of an accepted commitment. */
export function ReportResults({ view }: { view: View }) {
  const writes = useCommitmentWrites();
  const items = ordered(fromView(view.items));
  const [outcomes, setOutcomes] = useState<Record<string, Outcome | undefined>>(() =>
    Object.fromEntries(view.items.map((i) => [i.id, i.outcome ?? undefined])),
  );
  const [notes, setNotes] = useState<Record<string, string>>(() =>
    Object.fromEntries(view.items.map((i) => [i.id, i.note ?? ''])),
  );
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    setBusy(true);
    try {
      await writes.report(view.id, {
        version: view.version,
        items: items
          .filter((i) => outcomes[i.id!])
          .map((i) => ({
            itemId: i.id!,
            outcome: outcomes[i.id!]!,
            ...(notes[i.id!]?.trim() ? { note: notes[i.id!].trim() } : {}),
          })),
      });
      setError(null);
      notifyDone('Đã báo cáo kết quả.');
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  // The API names results by their position in the list sent; the list sent is `items` filtered.
  const sentIds = items.filter((i) => outcomes[i.id!]).map((i) => i.id!);
  const fieldOf = (id: string, field: string) => {
    const n = sentIds.indexOf(id);
    return n >= 0 ? error?.fields[`items.${n}.${field}`] : undefined;
  };
  const shown = sentIds.flatMap((_, n) => [`items.${n}.outcome`, `items.${n}.note`]);

  return (
    <Stack gap="md" component="section" aria-label="Báo cáo kết quả">
      <FormError error={error} shown={shown} />
      {items.map((item, n) => (
        <Paper key={item.key} withBorder p="sm">
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {CATEGORY_LABELS[item.category]}
            </Text>
            <Text fw={600}>{item.content}</Text>
            <Radio.Group
              label={`Kết quả mục ${n + 1}`}
              value={outcomes[item.id!] ?? null}
              onChange={(v) => setOutcomes({ ...outcomes, [item.id!]: v })}
              error={fieldOf(item.id!, 'outcome')}
              required
            >
              <Stack gap="xs" mt={4}>
                {(Object.keys(OUTCOME_LABELS) as Outcome[]).map((o) => (
                  <Radio key={o} value={o} label={OUTCOME_LABELS[o]} />
                ))}
              </Stack>
            </Radio.Group>
            <TextInput
              label={`Ghi chú mục ${n + 1}`}
              value={notes[item.id!] ?? ''}
              onChange={(e) => setNotes({ ...notes, [item.id!]: e.currentTarget.value })}
              error={fieldOf(item.id!, 'note')}
            />
          </Stack>
        </Paper>
      ))}
      <Button onClick={() => void submit()} loading={busy} w="fit-content">
        Báo cáo kết quả
      </Button>
    </Stack>
  );
}
