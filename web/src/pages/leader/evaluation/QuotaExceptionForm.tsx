import { Button, Card, Group, NativeSelect, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { api, Schemas } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifyDone } from '../../../components/notify';
import { ExplainedError, explainError, unwrap } from '../../../lib/errors';
import { parseVnDate } from '../../../lib/format';
import { LEVEL_LABELS } from '../../../lib/labels';
import { committeesAbove } from './organizations';

const FIELDS = ['organizationId', 'approvedByOrganizationId', 'decisionNumber', 'decidedOn', 'maxExcellent'];

/**
 * The higher committee's decision allowing a grassroots organisation more members rated
 * `Hoàn thành xuất sắc nhiệm vụ` than the quota (POST /api/evaluation-cycles/:id/quota-exceptions,
 * docs/EVALUATION.md "Quota"): one per organisation and cycle, where the cycle's rule set has it.
 * Once recorded, the quota shown and finalize's check both count it.
 */
export function QuotaExceptionForm({
  cycleId,
  organizations,
  tree,
  onDone,
}: {
  cycleId: string;
  /** The cycle's grassroots organisations that have no recorded exception yet. */
  organizations: Array<{ id: string; name: string }>;
  tree: readonly Schemas['OrganizationNode'][];
  onDone: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState('');
  // The first organisation without an exception until one is chosen (a recorded one leaves the list).
  const organizationId = organizations.some((o) => o.id === chosen) ? chosen : (organizations[0]?.id ?? '');
  const above = organizationId ? committeesAbove(tree, organizationId) : [];
  const [approvedBy, setApprovedBy] = useState('');
  const [decisionNumber, setDecisionNumber] = useState('');
  const [decidedOn, setDecidedOn] = useState('');
  const [maxExcellent, setMaxExcellent] = useState<number | string>('');
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);
  const approver = above.some((c) => c.id === approvedBy) ? approvedBy : (above[0]?.id ?? '');

  if (organizations.length === 0) return null;

  async function record() {
    setBusy(true);
    try {
      await unwrap(
        api.POST('/api/evaluation-cycles/{id}/quota-exceptions', {
          params: { path: { id: cycleId } },
          body: {
            organizationId,
            approvedByOrganizationId: approver,
            decisionNumber,
            decidedOn: parseVnDate(decidedOn) ?? '',
            // Empty or not a whole number: sent as null, so the API names the field and its rule.
            maxExcellent: typeof maxExcellent === 'number' ? maxExcellent : (null as unknown as number),
          },
        }),
      );
      const name = organizations.find((o) => o.id === organizationId)?.name ?? 'tổ chức cơ sở đảng';
      notifyDone(`Đã ghi quyết định cho ${name} vượt định mức.`);
      setError(null);
      setOpen(false);
      setDecisionNumber('');
      setDecidedOn('');
      setMaxExcellent('');
      onDone();
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  if (!open)
    return (
      <Button variant="light" w="fit-content" onClick={() => setOpen(true)}>
        Ghi quyết định cho vượt định mức
      </Button>
    );
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="quota-exception-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void record();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5" id="quota-exception-title">
            Quyết định của cấp ủy cấp trên cho vượt định mức
          </Title>
          <Text size="sm">
            Tổ chức cơ sở đảng tiêu biểu được cấp ủy cấp trên đồng ý cho nhiều đảng viên{' '}
            {LEVEL_LABELS.excellent} hơn định mức. Sau khi ghi, định mức hiển thị và việc chốt kết quả tính
            theo quyết định này.
          </Text>
          <FormError error={error} shown={FIELDS} />
          <NativeSelect
            label="Tổ chức được vượt định mức"
            value={organizationId}
            onChange={(e) => setChosen(e.currentTarget.value)}
            data={organizations.map((o) => ({ value: o.id, label: o.name }))}
            error={error?.fields.organizationId}
          />
          <NativeSelect
            label="Cấp ủy cấp trên phê duyệt"
            value={approver}
            onChange={(e) => setApprovedBy(e.currentTarget.value)}
            data={
              above.length > 0
                ? above.map((c) => ({ value: c.id, label: c.name }))
                : [{ value: '', label: 'Không có cấp ủy cấp trên trong phạm vi của bạn' }]
            }
            error={error?.fields.approvedByOrganizationId}
          />
          <Group gap="sm" align="start" grow preventGrowOverflow={false} wrap="wrap">
            <TextInput
              label="Số quyết định"
              value={decisionNumber}
              onChange={(e) => setDecisionNumber(e.currentTarget.value)}
              error={error?.fields.decisionNumber}
              miw={180}
            />
            <TextInput
              label="Ngày quyết định"
              placeholder="dd/mm/yyyy"
              value={decidedOn}
              onChange={(e) => setDecidedOn(e.currentTarget.value)}
              error={error?.fields.decidedOn}
              miw={160}
            />
            <NumberInput
              label={`Số đảng viên ${LEVEL_LABELS.excellent} tối đa`}
              value={maxExcellent}
              onChange={setMaxExcellent}
              allowDecimal={false}
              allowNegative={false}
              error={error?.fields.maxExcellent}
              miw={180}
            />
          </Group>
          <Group gap="sm">
            <Button type="submit" loading={busy}>
              Ghi quyết định
            </Button>
            <Button variant="subtle" onClick={() => setOpen(false)}>
              Hủy
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
