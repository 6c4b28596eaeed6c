import { Button, Checkbox, Group, NativeSelect, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useManifestations } from '../../api/queries';
import { itemErrors, ItemDraft, toPayload } from '../../components/commitment/items';
import { ItemsEditor } from '../../components/commitment/ItemsEditor';
import { useCommitmentWrites } from '../../components/commitment/useSaveCommitment';
import { FormError } from '../../components/FormError';
import { notifyDone, notifyError } from '../../components/notify';
import { Page } from '../../components/Page';
import { ExplainedError, explainError } from '../../lib/errors';
import { PeriodType, vnToday } from '../../lib/format';

const PERIOD_TYPES: { value: PeriodType; label: string }[] = [
  { value: 'monthly', label: 'Tháng' },
  { value: 'quarterly', label: 'Quý' },
  { value: 'yearly', label: 'Năm' },
];

/** Registering a commitment: the period (from the work list's link, or chosen), then its items. */
export default function NewCommitmentPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const writes = useCommitmentWrites();
  const manifestations = useManifestations();
  const today = vnToday();
  const thisYear = Number(today.slice(0, 4));
  const [year, setYear] = useState(Number(params.get('nam')) || thisYear);
  const [periodType, setPeriodType] = useState<PeriodType>(
    (['yearly', 'quarterly', 'monthly'] as const).find((t) => t === params.get('ky')) ?? 'monthly',
  );
  const month = Number(today.slice(5, 7));
  const [periodIndex, setPeriodIndex] = useState<number>(
    Number(params.get('so')) || (periodType === 'quarterly' ? Math.ceil(month / 3) : month),
  );
  const [carryForward, setCarryForward] = useState(false);
  // A secretary entering the commitment of a member without a device (`Nhập thay`, from the missing list).
  const onBehalfOf = params.get('thanhVien');
  const onBehalfName = params.get('ten');
  const [items, setItems] = useState<ItemDraft[]>([]);
  const [keys, setKeys] = useState<string[]>([]);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);

  const indexes = periodType === 'quarterly' ? [1, 2, 3, 4] : Array.from({ length: 12 }, (_, i) => i + 1);

  async function create(andSubmit: boolean) {
    setBusy(andSubmit ? 'submit' : 'save');
    const payload = toPayload(items);
    setKeys(payload.keys);
    let view;
    try {
      view = await writes.create({
        year,
        periodType,
        periodIndex: periodType === 'yearly' ? null : periodIndex,
        items: payload.items,
        ...(onBehalfOf ? { memberId: onBehalfOf } : {}),
        ...(periodType === 'yearly' && carryForward ? { carryForward: true } : {}),
      });
    } catch (err) {
      setError(explainError(err));
      setBusy(null);
      return;
    }
    // The draft is stored: from here on its own page holds it, whatever the submission answers.
    try {
      if (andSubmit) await writes.submit(view.id, view.version);
      notifyDone(andSubmit ? 'Đã gửi bản cam kết để chi bộ duyệt.' : 'Đã lưu nháp.');
    } catch (err) {
      notifyError(err);
    }
    void navigate(`/cam-ket/${view.id}`, { replace: true });
  }

  const { byItem, rest } = itemErrors(error?.fields ?? {}, keys);

  return (
    <Page title={onBehalfOf ? `Nhập thay cam kết cho ${onBehalfName ?? 'đảng viên'}` : 'Đăng ký cam kết'}>
      <Paper withBorder p="sm">
        <Stack gap="sm">
          <Group gap="sm" align="flex-end">
            <NativeSelect
              label="Năm"
              value={String(year)}
              onChange={(e) => setYear(Number(e.currentTarget.value))}
              data={[thisYear - 1, thisYear, thisYear + 1].map(String)}
              error={rest.year}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="period-type-label">
                Loại kỳ
              </Text>
              <SegmentedControl
                aria-labelledby="period-type-label"
                value={periodType}
                onChange={(v) => {
                  setPeriodType(v);
                  setPeriodIndex(v === 'quarterly' ? Math.ceil(month / 3) : month);
                }}
                data={PERIOD_TYPES}
              />
            </Stack>
            {periodType !== 'yearly' && (
              <NativeSelect
                label={periodType === 'quarterly' ? 'Quý' : 'Tháng'}
                value={String(periodIndex)}
                onChange={(e) => setPeriodIndex(Number(e.currentTarget.value))}
                data={indexes.map(String)}
                error={rest.periodIndex}
              />
            )}
          </Group>
          {periodType === 'yearly' && (
            <Checkbox
              label="Đưa các mục chưa hoàn thành và hạn chế, khuyết điểm năm trước vào phần Khắc phục"
              checked={carryForward}
              onChange={(e) => setCarryForward(e.currentTarget.checked)}
            />
          )}
        </Stack>
      </Paper>
      <FormError error={error ? { ...error, fields: rest } : null} shown={['year', 'periodIndex']} />
      <ItemsEditor
        items={items}
        onChange={setItems}
        errors={byItem}
        manifestations={manifestations.data ?? []}
        disabled={busy !== null}
      />
      <Group gap="sm">
        <Button
          variant="default"
          onClick={() => void create(false)}
          loading={busy === 'save'}
          disabled={busy === 'submit'}
        >
          Lưu nháp
        </Button>
        <Button onClick={() => void create(true)} loading={busy === 'submit'} disabled={busy === 'save'}>
          Gửi duyệt
        </Button>
      </Group>
    </Page>
  );
}
