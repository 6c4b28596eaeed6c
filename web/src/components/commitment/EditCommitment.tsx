import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Schemas } from '../../api/client';
import { useManifestations } from '../../api/queries';
import { ExplainedError, explainError } from '../../lib/errors';
import { FormError } from '../FormError';
import { notifyDone } from '../notify';
import { changed, fromView, ItemDraft, itemErrors, toPayload } from './items';
import { ItemsEditor } from './ItemsEditor';
import { useCommitmentWrites } from './useSaveCommitment';

type View = Schemas['CommitmentView'];

/**
 * Editing a draft or a returned commitment: `Lưu nháp`, `Gửi duyệt`. What is typed stays in this
 * component's state until the server has it: a 409 (changed in another tab or by the secretary) or a
 * lost connection keeps every word and says what happened (UI.md journey 10).
 */
export function EditCommitment({ view }: { view: View }) {
  const writes = useCommitmentWrites();
  const manifestations = useManifestations();
  const [items, setItems] = useState<ItemDraft[]>(() => fromView(view.items));
  const [saved, setSaved] = useState<ItemDraft[]>(() => fromView(view.items));
  const [version, setVersion] = useState(view.version);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [keys, setKeys] = useState<string[]>([]);
  const [busy, setBusy] = useState<'save' | 'submit' | 'overwrite' | 'discard' | null>(null);

  const accept = (next: View) => {
    const fresh = fromView(next.items);
    setItems(fresh);
    setSaved(fresh);
    setVersion(next.version);
    setError(null);
  };

  async function save(atVersion = version): Promise<View> {
    const payload = toPayload(items);
    setKeys(payload.keys);
    return writes.update(view.id, { version: atVersion, items: payload.items });
  }

  async function run(kind: 'save' | 'submit' | 'overwrite' | 'discard') {
    setBusy(kind);
    try {
      if (kind === 'save') {
        accept(await save());
        notifyDone('Đã lưu nháp.');
      } else if (kind === 'discard') {
        const latest = await writes.latest(view.id);
        writes.remember(latest);
        accept(latest);
      } else if (kind === 'overwrite') {
        // The person chose their own text over the other change: save it on the newest version.
        const latest = await writes.latest(view.id);
        accept(await save(latest.version));
        notifyDone('Đã lưu nội dung của bạn lên bản mới nhất.');
      } else {
        let current = version;
        if (changed(items, saved)) {
          const stored = await save();
          accept(stored);
          current = stored.version;
        }
        accept(await writes.submit(view.id, current));
        notifyDone('Đã gửi bản cam kết để chi bộ duyệt.');
      }
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(null);
    }
  }

  const { byItem, rest } = itemErrors(error?.fields ?? {}, keys);
  const dirty = changed(items, saved);

  return (
    <Stack gap="md">
      {error && (
        <Stack gap="xs">
          <FormError error={{ ...error, fields: rest }} />
          {error.conflict && (
            <Group gap="xs">
              <Button color="orange" onClick={() => void run('overwrite')} loading={busy === 'overwrite'}>
                Lưu nội dung của tôi lên bản mới nhất
              </Button>
              <Button variant="default" onClick={() => void run('discard')} loading={busy === 'discard'}>
                Bỏ nội dung đang sửa, xem bản mới nhất
              </Button>
            </Group>
          )}
        </Stack>
      )}
      {manifestations.isError && <Alert color="orange">{explainError(manifestations.error).message}</Alert>}
      <ItemsEditor
        items={items}
        onChange={setItems}
        errors={byItem}
        manifestations={manifestations.data ?? []}
        disabled={busy !== null}
      />
      <Group gap="sm" className="sticky-actions">
        <Button
          variant="default"
          onClick={() => void run('save')}
          loading={busy === 'save'}
          disabled={busy !== null && busy !== 'save'}
        >
          Lưu nháp
        </Button>
        <Button
          onClick={() => void run('submit')}
          loading={busy === 'submit'}
          disabled={busy !== null && busy !== 'submit'}
        >
          Gửi duyệt
        </Button>
        {dirty && !busy && (
          <Text size="sm" c="dimmed">
            Có thay đổi chưa lưu
          </Text>
        )}
      </Group>
    </Stack>
  );
}
