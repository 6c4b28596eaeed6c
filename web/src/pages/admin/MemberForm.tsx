import {
  Alert,
  Button,
  Group,
  List,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { api, Schemas } from '../../api/client';
import { FormError } from '../../components/FormError';
import { notifyDone } from '../../components/notify';
import { ApiError, ExplainedError, explainError, unwrap } from '../../lib/errors';
import {
  changedSince,
  createBody,
  EMPTY_MEMBER,
  GENDER_LABELS,
  MEMBER_FIELD_LABELS,
  MemberFormValues,
  patchBody,
  rebase,
  toFormValues,
} from './memberForm';
import { FlatOrg } from './tree';

type Member = Schemas['MemberView'];

const SHOWN = [...Object.keys(MEMBER_FIELD_LABELS), 'cellId'];

/** The fields of a member, shared by the new member's form and the edit form. */
function MemberFields({
  values,
  set,
  error,
  cells,
}: {
  values: MemberFormValues;
  set: (patch: Partial<MemberFormValues>) => void;
  error: ExplainedError | null;
  /** The cells offered to a new member; none when editing (a move is a transfer, with a reason). */
  cells: FlatOrg[] | null;
}) {
  const e = error?.fields ?? {};
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <TextInput
        label={MEMBER_FIELD_LABELS.fullName}
        required
        maxLength={200}
        value={values.fullName}
        onChange={(ev) => set({ fullName: ev.currentTarget.value })}
        error={e.fullName}
      />
      <TextInput
        label={MEMBER_FIELD_LABELS.partyCardNumber}
        description="6 đến 20 chữ số, không trùng với người khác."
        inputMode="numeric"
        value={values.partyCardNumber}
        onChange={(ev) => set({ partyCardNumber: ev.currentTarget.value })}
        error={e.partyCardNumber}
      />
      <TextInput
        type="date"
        label={MEMBER_FIELD_LABELS.dateOfBirth}
        value={values.dateOfBirth}
        onChange={(ev) => set({ dateOfBirth: ev.currentTarget.value })}
        error={e.dateOfBirth}
      />
      <NativeSelect
        label={MEMBER_FIELD_LABELS.gender}
        value={values.gender}
        onChange={(ev) => set({ gender: ev.currentTarget.value as MemberFormValues['gender'] })}
        error={e.gender}
        data={[
          { value: '', label: 'Chưa ghi' },
          ...Object.entries(GENDER_LABELS).map(([value, label]) => ({ value, label })),
        ]}
      />
      {cells && (
        <NativeSelect
          label="Chi bộ sinh hoạt"
          required
          value={values.cellId}
          onChange={(ev) => set({ cellId: ev.currentTarget.value })}
          error={e.cellId}
          data={[
            { value: '', label: 'Chọn chi bộ…' },
            ...cells.map((f) => ({ value: f.node.id, label: `${f.node.name} (${f.node.code})` })),
          ]}
        />
      )}
      <NativeSelect
        label={MEMBER_FIELD_LABELS.status}
        value={values.status}
        onChange={(ev) => set({ status: ev.currentTarget.value as MemberFormValues['status'] })}
        error={e.status}
        data={[
          { value: 'official', label: 'Chính thức' },
          { value: 'probationary', label: 'Dự bị' },
        ]}
      />
      <TextInput
        type="date"
        label={MEMBER_FIELD_LABELS.joinedPartyOn}
        value={values.joinedPartyOn}
        onChange={(ev) => set({ joinedPartyOn: ev.currentTarget.value })}
        error={e.joinedPartyOn}
      />
      <TextInput
        label={MEMBER_FIELD_LABELS.position}
        description="Chức vụ chính quyền, đoàn thể hoặc công tác, nếu có."
        maxLength={200}
        value={values.position}
        onChange={(ev) => set({ position: ev.currentTarget.value })}
        error={e.position}
      />
    </SimpleGrid>
  );
}

/** A new member (POST /api/members) in one of the open cells of the person's scope. */
export function NewMemberForm({
  flat,
  onCreated,
  onCancel,
}: {
  flat: FlatOrg[];
  onCreated: (id: string) => void;
  onCancel: () => void;
}) {
  const cells = flat.filter((f) => f.node.kind === 'cell' && !f.node.closedOn);
  const [values, setValues] = useState<MemberFormValues>(EMPTY_MEMBER);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);
  const client = useQueryClient();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const created = await unwrap(api.POST('/api/members', { body: createBody(values) }));
      setError(null);
      notifyDone(`Đã thêm đảng viên ${created.fullName}.`);
      await client.invalidateQueries({ queryKey: ['members'] });
      onCreated(created.id);
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={(e: FormEvent) => void submit(e)}
      noValidate
      aria-labelledby="new-member-title"
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="new-member-title">
          Thêm đảng viên
        </Title>
        <FormError error={error} shown={SHOWN} />
        <MemberFields
          values={values}
          set={(patch) => setValues((v) => ({ ...v, ...patch }))}
          error={error}
          cells={cells}
        />
        <Group gap="sm">
          <Button type="submit" loading={busy}>
            Lưu đảng viên mới
          </Button>
          <Button variant="subtle" onClick={onCancel}>
            Thôi
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/**
 * Edits a member (PATCH /api/members/:id) from the version it opened. When someone else saved in
 * between (409), what they changed is listed and the person chooses: their latest version, or what
 * was typed saved over it.
 */
export function EditMemberForm({ member, onDone }: { member: Member; onDone: () => void }) {
  const [base, setBase] = useState<Member>(member);
  const [values, setValues] = useState<MemberFormValues>(() => toFormValues(member));
  const [error, setError] = useState<ExplainedError | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const client = useQueryClient();
  const changed = conflict && member.version !== base.version ? changedSince(base, member) : [];

  async function submit(e: FormEvent) {
    e.preventDefault();
    const plan = patchBody(base, values);
    if (Object.keys(plan.fields).length > 0) {
      setError({
        message: 'Một số thông tin chưa hợp lệ; xem các ô được đánh dấu.',
        fields: plan.fields,
        conflict: false,
        network: false,
      });
      return;
    }
    if (!plan.body) {
      setError({ message: 'Chưa có thay đổi nào để lưu.', fields: {}, conflict: false, network: false });
      return;
    }
    setBusy(true);
    try {
      const saved = await unwrap(
        api.PATCH('/api/members/{id}', { params: { path: { id: base.id } }, body: plan.body }),
      );
      setError(null);
      setConflict(false);
      notifyDone(`Đã lưu thông tin của ${saved.fullName}.`);
      await client.invalidateQueries({ queryKey: ['members'] });
      onDone();
    } catch (err) {
      setError(explainError(err));
      const stale = err instanceof ApiError && err.code === 'VERSION_CONFLICT';
      setConflict(stale);
      // The latest version comes back as `member`; the form keeps what was typed meanwhile.
      if (stale) await client.invalidateQueries({ queryKey: ['members', 'one', base.id] });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="edit-member-title">
      <Stack gap="sm">
        <Title order={3} size="h5" id="edit-member-title">
          Sửa thông tin đảng viên
        </Title>
        <FormError error={error} shown={SHOWN} />
        {changed.length > 0 && (
          <Alert color="orange" title="Bản mới nhất đã được người khác sửa:" data-testid="member-conflict">
            <List size="sm" spacing={2}>
              {changed.map((c) => (
                <List.Item key={c}>{c}</List.Item>
              ))}
            </List>
            <Group gap="sm" mt="sm">
              <Button
                variant="light"
                onClick={() => {
                  setValues(toFormValues(member));
                  setBase(member);
                  setConflict(false);
                  setError(null);
                }}
              >
                Dùng bản mới nhất
              </Button>
              <Button
                variant="light"
                color="orange"
                onClick={() => {
                  setValues(rebase(base, member, values));
                  setBase(member);
                  setConflict(false);
                  setError(null);
                }}
              >
                Giữ nội dung tôi nhập
              </Button>
            </Group>
          </Alert>
        )}
        <MemberFields
          values={values}
          set={(patch) => setValues((v) => ({ ...v, ...patch }))}
          error={error}
          cells={null}
        />
        <Group gap="sm">
          <Button type="submit" loading={busy} disabled={changed.length > 0}>
            Lưu thay đổi
          </Button>
          <Button variant="subtle" onClick={onDone}>
            Thôi
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
