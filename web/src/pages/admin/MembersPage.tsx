import {
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useMemo, useState } from 'react';
import { api, Schemas } from '../../api/client';
import { FormError } from '../../components/FormError';
import { notifyDone } from '../../components/notify';
import { PageSwitcher } from '../../components/PageSwitcher';
import { Loaded, Page } from '../../components/Page';
import { ExplainedError, explainError, unwrap } from '../../lib/errors';
import { formatDate, formatNumber } from '../../lib/format';
import { AdminNav } from './AdminNav';
import { useOrganizationTree } from './adminQueries';
import { EditMemberForm, NewMemberForm } from './MemberForm';
import { GENDER_LABELS } from './memberForm';
import { FlatOrg, namesById, pickerLabel } from './tree';

type Member = Schemas['MemberView'];

const PAGE_SIZE = 25;

export const MEMBER_STATUS_LABELS: Record<Member['status'], string> = {
  official: 'Chính thức',
  probationary: 'Dự bị',
};

/**
 * Members of the person's subtree: search by name (diacritics ignored), filters, a new member, a
 * member's details edited, a transfer with a reason.
 */
export default function MembersPage() {
  const { flat } = useOrganizationTree();
  const [q, setQ] = useState('');
  const [organizationId, setOrganizationId] = useState('');
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const names = useMemo(() => namesById(flat), [flat]);

  const query = useQuery({
    queryKey: ['members', 'admin', { q: debouncedQ, organizationId, status, page }],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/members', {
          params: {
            query: {
              page,
              pageSize: PAGE_SIZE,
              ...(debouncedQ ? { q: debouncedQ } : {}),
              ...(organizationId ? { organizationId } : {}),
              ...(status ? { status: status as Member['status'] } : {}),
            },
          },
        }),
      ),
  });
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };

  return (
    <Page title="Đảng viên">
      <AdminNav />
      {adding ? (
        <NewMemberForm
          flat={flat}
          onCancel={() => setAdding(false)}
          onCreated={(id) => {
            setAdding(false);
            setSelectedId(id);
          }}
        />
      ) : (
        <Button w="fit-content" onClick={() => setAdding(true)}>
          Thêm đảng viên
        </Button>
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label="Tìm theo tên"
          description="Gõ có dấu hoặc không dấu: “nguyen” tìm được “Nguyễn”."
          type="search"
          value={q}
          onChange={(e) => reset(setQ)(e.currentTarget.value)}
        />
        <NativeSelect
          label="Thuộc tổ chức"
          value={organizationId}
          onChange={(e) => reset(setOrganizationId)(e.currentTarget.value)}
          data={[
            { value: '', label: 'Tất cả trong phạm vi' },
            ...flat.map((f) => ({ value: f.node.id, label: pickerLabel(f) })),
          ]}
        />
        <NativeSelect
          label="Loại đảng viên"
          value={status}
          onChange={(e) => reset(setStatus)(e.currentTarget.value)}
          data={[
            { value: '', label: 'Tất cả' },
            { value: 'official', label: 'Chính thức' },
            { value: 'probationary', label: 'Dự bị' },
          ]}
        />
      </SimpleGrid>
      <Loaded query={query}>
        {(data) => (
          <Stack gap="sm">
            <Text role="status">
              {data.total === 0
                ? 'Không có đảng viên nào khớp.'
                : `${formatNumber(data.total)} đảng viên${debouncedQ ? ` khớp “${debouncedQ}”` : ''}.`}
            </Text>
            {data.items.length > 0 && (
              <Table.ScrollContainer minWidth={560}>
                <Table striped highlightOnHover aria-label="Danh sách đảng viên">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Họ và tên</Table.Th>
                      <Table.Th>Số thẻ</Table.Th>
                      <Table.Th>Chi bộ</Table.Th>
                      <Table.Th>Loại</Table.Th>
                      <Table.Th>Ngày sinh</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((m) => (
                      <Table.Tr key={m.id}>
                        <Table.Td>
                          <UnstyledButton
                            onClick={() => setSelectedId(m.id)}
                            aria-pressed={m.id === selectedId}
                            fw={600}
                            c="red.9"
                            style={{ minHeight: 44, textDecoration: 'underline' }}
                          >
                            {m.fullName}
                          </UnstyledButton>
                        </Table.Td>
                        <Table.Td>{m.partyCardNumber ?? ''}</Table.Td>
                        <Table.Td>{names.get(m.cellId) ?? ''}</Table.Td>
                        <Table.Td>
                          {MEMBER_STATUS_LABELS[m.status]}
                          {m.expelledOn && (
                            <Badge color="gray" ml={4}>
                              Đã khai trừ
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>{formatDate(m.dateOfBirth)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            <PageSwitcher total={data.total} pageSize={PAGE_SIZE} page={page} onChange={setPage} />
          </Stack>
        )}
      </Loaded>
      {selectedId && (
        <MemberPanel key={selectedId} id={selectedId} flat={flat} onClose={() => setSelectedId(null)} />
      )}
    </Page>
  );
}

function MemberPanel({ id, flat, onClose }: { id: string; flat: FlatOrg[]; onClose: () => void }) {
  const [editing, setEditing] = useState(false);
  const query = useQuery({
    queryKey: ['members', 'one', id],
    queryFn: () => unwrap(api.GET('/api/members/{id}', { params: { path: { id } } })),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="member-title">
      <Loaded query={query}>
        {(m) => (
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={2} size="h4" id="member-title">
                {m.fullName}
              </Title>
              <Button variant="subtle" onClick={onClose}>
                Đóng
              </Button>
            </Group>
            <Text size="sm">
              {MEMBER_STATUS_LABELS[m.status]}
              {m.partyCardNumber ? ` · số thẻ ${m.partyCardNumber}` : ''}
              {m.position ? ` · ${m.position}` : ''} · sinh hoạt tại{' '}
              {flat.find((f) => f.node.id === m.cellId)?.node.name ?? 'chi bộ ngoài phạm vi'}
            </Text>
            <Text size="sm" data-testid="member-details">
              {[
                m.gender ? GENDER_LABELS[m.gender] : null,
                m.dateOfBirth ? `sinh ngày ${formatDate(m.dateOfBirth)}` : null,
                m.joinedPartyOn ? `vào Đảng ngày ${formatDate(m.joinedPartyOn)}` : null,
              ]
                .filter(Boolean)
                .join(' · ') || 'Chưa ghi giới tính, ngày sinh, ngày vào Đảng.'}
            </Text>
            {editing ? (
              <EditMemberForm member={m} onDone={() => setEditing(false)} />
            ) : (
              <Button variant="light" w="fit-content" onClick={() => setEditing(true)}>
                Sửa thông tin
              </Button>
            )}
            <TransferForm member={m} flat={flat} />
          </Stack>
        )}
      </Loaded>
    </Paper>
  );
}

function TransferForm({ member, flat }: { member: Member; flat: FlatOrg[] }) {
  const cells = flat.filter((f) => f.node.kind === 'cell' && !f.node.closedOn && f.node.id !== member.cellId);
  const [cellId, setCellId] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);
  const client = useQueryClient();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (!cellId) fields.cellId = 'Hãy chọn chi bộ chuyển đến.';
    if (!reason.trim()) fields.transferReason = 'Hãy ghi lý do chuyển sinh hoạt.';
    if (Object.keys(fields).length > 0) {
      setError({ message: 'Còn thiếu thông tin để chuyển.', fields, conflict: false, network: false });
      return;
    }
    setBusy(true);
    try {
      await unwrap(
        api.PATCH('/api/members/{id}', {
          params: { path: { id: member.id } },
          body: { version: member.version, cellId, transferReason: reason.trim() },
        }),
      );
      setError(null);
      setReason('');
      setCellId('');
      notifyDone(
        `Đã chuyển ${member.fullName} sang ${flat.find((f) => f.node.id === cellId)?.node.name ?? ''}.`,
      );
      await client.invalidateQueries({ queryKey: ['members'] });
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="xs">
        <Title order={3} size="h5">
          Chuyển sinh hoạt
        </Title>
        <Text size="sm" c="dimmed">
          Hồ sơ đã có ở lại chi bộ cũ; chi bộ mới thấy những gì diễn ra từ khi chuyển.
        </Text>
        <FormError error={error} shown={['cellId', 'transferReason']} />
        <NativeSelect
          label="Chuyển đến chi bộ"
          value={cellId}
          onChange={(e) => setCellId(e.currentTarget.value)}
          error={error?.fields.cellId}
          data={[
            { value: '', label: 'Chọn chi bộ…' },
            ...cells.map((f) => ({ value: f.node.id, label: `${f.node.name} (${f.node.code})` })),
          ]}
        />
        <Textarea
          label="Lý do chuyển"
          required
          autosize
          minRows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={error?.fields.transferReason}
        />
        <Button type="submit" loading={busy} w="fit-content">
          Chuyển sinh hoạt
        </Button>
      </Stack>
    </form>
  );
}
