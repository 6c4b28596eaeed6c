import {
  Badge,
  Button,
  Group,
  List,
  NativeSelect,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
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
import { formatDateTime, formatNumber } from '../../lib/format';
import { useUser } from '../../session/session';
import { AdminNav } from './AdminNav';
import { useOrganizationTree } from './adminQueries';
import { GrantableRole, organizationOptions, ROLE_LABELS, roleOptions } from './grants';
import { ResetPassword } from './ResetPassword';
import { FlatOrg, namesById } from './tree';

type Account = Schemas['UserView'];
type RoleInput = Schemas['RoleInputDto'];

const PAGE_SIZE = 25;

function roleText(r: Account['roles'][number], names: Map<string, string>): string {
  const where = r.organizationId ? (names.get(r.organizationId) ?? 'tổ chức ngoài phạm vi') : null;
  return where ? `${ROLE_LABELS[r.role]} · ${where}` : ROLE_LABELS[r.role];
}

/** Accounts and roles in the person's scope; the grants offered follow the API's trust rules. */
export default function AccountsPage() {
  const { flat } = useOrganizationTree();
  const names = useMemo(() => namesById(flat), [flat]);
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [page, setPage] = useState(1);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ['users', { q: debouncedQ, page }],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/users', {
          params: { query: { page, pageSize: PAGE_SIZE, ...(debouncedQ ? { q: debouncedQ } : {}) } },
        }),
      ),
  });

  return (
    <Page title="Tài khoản và vai trò">
      <AdminNav />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="sm">
          <TextInput
            label="Tìm tài khoản"
            description="Theo tên đăng nhập hoặc họ tên đảng viên, gõ có dấu hay không dấu đều được."
            type="search"
            value={q}
            onChange={(e) => {
              setQ(e.currentTarget.value);
              setPage(1);
            }}
          />
          <Loaded query={query}>
            {(data) => (
              <Stack gap="xs">
                <Text role="status">{`${formatNumber(data.total)} tài khoản.`}</Text>
                {data.items.length > 0 && (
                  <Table.ScrollContainer minWidth={400}>
                    <Table striped aria-label="Danh sách tài khoản">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Tên đăng nhập</Table.Th>
                          <Table.Th>Đảng viên</Table.Th>
                          <Table.Th>Vai trò</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {data.items.map((u) => (
                          <Table.Tr key={u.id}>
                            <Table.Td>
                              <UnstyledButton
                                onClick={() => setSelectedId(u.id)}
                                aria-pressed={u.id === selectedId}
                                fw={600}
                                c="red.9"
                                style={{ minHeight: 44, textDecoration: 'underline' }}
                              >
                                {u.username}
                              </UnstyledButton>
                              {!u.isActive && (
                                <Badge color="gray" ml={4}>
                                  Đã khóa
                                </Badge>
                              )}
                            </Table.Td>
                            <Table.Td>{u.memberName ?? ''}</Table.Td>
                            <Table.Td>
                              {u.roles.length === 0 && (u.memberId ? ROLE_LABELS.member : '')}
                              {u.roles.map((r, i) => (
                                <Text size="sm" key={i}>
                                  {roleText(r, names)}
                                </Text>
                              ))}
                            </Table.Td>
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
        </Stack>
        <Stack gap="md">
          {selectedId && <AccountPanel key={selectedId} id={selectedId} flat={flat} names={names} />}
          <CreateAccountForm onCreated={setSelectedId} />
        </Stack>
      </SimpleGrid>
    </Page>
  );
}

function AccountPanel({ id, flat, names }: { id: string; flat: FlatOrg[]; names: Map<string, string> }) {
  const query = useQuery({
    queryKey: ['users', 'one', id],
    queryFn: () => unwrap(api.GET('/api/users/{id}', { params: { path: { id } } })),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="account-title">
      <Loaded query={query}>
        {(account) => <AccountDetail account={account} flat={flat} names={names} />}
      </Loaded>
    </Paper>
  );
}

function AccountDetail({
  account,
  flat,
  names,
}: {
  account: Account;
  flat: FlatOrg[];
  names: Map<string, string>;
}) {
  const user = useUser();
  const client = useQueryClient();
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);
  const own = account.id === user.id;

  async function save(body: { roles?: RoleInput[]; isActive?: boolean }, done: string) {
    setBusy(true);
    try {
      await unwrap(
        api.PATCH('/api/users/{id}', {
          params: { path: { id: account.id } },
          body: { version: account.version, ...body },
        }),
      );
      setError(null);
      notifyDone(done);
      await client.invalidateQueries({ queryKey: ['users'] });
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  const current: RoleInput[] = account.roles.map((r) => ({ role: r.role, organizationId: r.organizationId }));
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4" id="account-title">
          {account.username}
        </Title>
        <Badge color={account.isActive ? 'green' : 'gray'} variant="light">
          {account.isActive ? 'Đang dùng' : 'Đã khóa'}
        </Badge>
      </Group>
      <Text size="sm">
        {account.memberId ? `Đảng viên: ${account.memberName ?? ''}` : 'Không gắn với đảng viên nào.'}
        {account.lastLoginAt ? ` · đăng nhập lần cuối ${formatDateTime(account.lastLoginAt)}` : ''}
      </Text>
      <Title order={3} size="h5">
        Vai trò
      </Title>
      <List spacing={4} aria-label="Vai trò đang giữ">
        {account.memberId && <List.Item>{ROLE_LABELS.member} (theo hồ sơ đảng viên)</List.Item>}
        {account.roles.map((r, i) => (
          <List.Item key={i}>
            <Group gap="xs">
              <Text>{roleText(r, names)}</Text>
              {!own && (
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  disabled={busy}
                  aria-label={`Bỏ vai trò ${roleText(r, names)}`}
                  onClick={() =>
                    void save(
                      { roles: current.filter((_, j) => j !== i) },
                      `Đã bỏ vai trò ${roleText(r, names)} của ${account.username}.`,
                    )
                  }
                >
                  Bỏ
                </Button>
              )}
            </Group>
          </List.Item>
        ))}
      </List>
      <FormError error={error} shown={[]} />
      {own ? (
        <Text size="sm" c="dimmed">
          Không ai tự cấp, tự bỏ vai trò hay tự khóa tài khoản của chính mình.
        </Text>
      ) : (
        <>
          <GrantForm
            account={account}
            flat={flat}
            busy={busy}
            onGrant={(role, organizationId) =>
              void save(
                { roles: [...current, { role, organizationId }] },
                `Đã cấp vai trò ${ROLE_LABELS[role]} cho ${account.username}.`,
              )
            }
          />
          <Button
            variant="light"
            color={account.isActive ? 'gray' : 'green'}
            w="fit-content"
            disabled={busy}
            onClick={() =>
              void save(
                { isActive: !account.isActive },
                account.isActive ? `Đã khóa ${account.username}.` : `Đã mở khóa ${account.username}.`,
              )
            }
          >
            {account.isActive ? 'Khóa tài khoản' : 'Mở khóa tài khoản'}
          </Button>
        </>
      )}
      <ResetPassword account={account} own={own} />
    </Stack>
  );
}

function GrantForm({
  account,
  flat,
  busy,
  onGrant,
}: {
  account: Account;
  flat: FlatOrg[];
  busy: boolean;
  onGrant: (role: GrantableRole, organizationId: string | null) => void;
}) {
  const user = useUser();
  const roles = roleOptions(user, account.memberId !== null);
  const [role, setRole] = useState<GrantableRole | ''>('');
  const [organizationId, setOrganizationId] = useState('');
  const orgs = role ? organizationOptions(user, role, flat) : [];
  const blockedRole = roles.filter((r) => r.blocked);
  const blockedOrg = orgs.find((o) => o.id === organizationId)?.blocked;
  const own = orgs.filter((o) => o.blocked && !o.blocked.startsWith('Ngoài'));

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!role || (role !== 'admin' && !organizationId)) return;
    onGrant(role, role === 'admin' ? null : organizationId);
  }

  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit} aria-labelledby="grant-title">
      <Stack gap="xs">
        <Title order={3} size="h5" id="grant-title">
          Cấp thêm vai trò
        </Title>
        <NativeSelect
          label="Vai trò cấp thêm"
          value={role}
          onChange={(e) => {
            setRole(e.currentTarget.value as GrantableRole | '');
            setOrganizationId('');
          }}
          data={[
            { value: '', label: 'Chọn vai trò…' },
            ...roles.map((r) => ({
              value: r.role,
              label: ROLE_LABELS[r.role],
              disabled: r.blocked !== null,
            })),
          ]}
        />
        {blockedRole.length > 0 && (
          <List size="sm" aria-label="Vai trò không cấp được">
            {blockedRole.map((r) => (
              <List.Item key={r.role}>
                {ROLE_LABELS[r.role]}: {r.blocked}
              </List.Item>
            ))}
          </List>
        )}
        {role && role !== 'admin' && (
          <NativeSelect
            label={role === 'secretary' ? 'Chi bộ' : 'Đảng bộ'}
            value={organizationId}
            onChange={(e) => setOrganizationId(e.currentTarget.value)}
            error={blockedOrg}
            data={[
              { value: '', label: role === 'secretary' ? 'Chọn chi bộ…' : 'Chọn đảng bộ…' },
              ...orgs.map((o) => ({
                value: o.id,
                label: o.blocked ? `${o.label} — do cấp trên cấp` : o.label,
                disabled: o.blocked !== null,
              })),
            ]}
          />
        )}
        {own.length > 0 && (
          <Text size="sm" c="dimmed">
            {own[0].blocked}
          </Text>
        )}
        <Button
          type="submit"
          w="fit-content"
          loading={busy}
          disabled={!role || (role !== 'admin' && !organizationId)}
        >
          Cấp vai trò
        </Button>
      </Stack>
    </Paper>
  );
}

/** A new account: a username, a first password, usually the member it belongs to. */
function CreateAccountForm({ onCreated }: { onCreated: (id: string) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [memberId, setMemberId] = useState('');
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);
  const client = useQueryClient();
  const members = useQuery({
    queryKey: ['members', 'admin', 'pick', debounced],
    enabled: debounced.length >= 2,
    queryFn: () => unwrap(api.GET('/api/members', { params: { query: { q: debounced, pageSize: 20 } } })),
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const created = await unwrap(
        api.POST('/api/users', {
          body: { username, password, roles: [], ...(memberId ? { memberId } : {}) },
        }),
      );
      setError(null);
      setUsername('');
      setPassword('');
      setSearch('');
      setMemberId('');
      notifyDone(`Đã tạo tài khoản ${created.username}.`);
      await client.invalidateQueries({ queryKey: ['users'] });
      onCreated(created.id);
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" component="form" onSubmit={(e: FormEvent) => void submit(e)} noValidate>
      <Stack gap="xs">
        <Title order={2} size="h4">
          Tạo tài khoản
        </Title>
        <FormError error={error} shown={['username', 'password', 'memberId']} />
        <TextInput
          label="Tìm đảng viên của tài khoản"
          description="Gõ ít nhất 2 chữ của họ tên, có dấu hoặc không."
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        <NativeSelect
          label="Đảng viên"
          value={memberId}
          onChange={(e) => setMemberId(e.currentTarget.value)}
          error={error?.fields.memberId}
          data={[
            { value: '', label: debounced.length >= 2 ? 'Chọn đảng viên…' : 'Không gắn với đảng viên' },
            ...(members.data?.items ?? []).map((m) => ({
              value: m.id,
              label: `${m.fullName}${m.partyCardNumber ? ` (${m.partyCardNumber})` : ''}`,
            })),
          ]}
        />
        <TextInput
          label="Tên đăng nhập mới"
          description="3 đến 64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang."
          autoComplete="off"
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          error={error?.fields.username}
        />
        <PasswordInput
          label="Mật khẩu ban đầu"
          description="Từ 12 ký tự; người dùng tự đổi sau lần đăng nhập đầu."
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={error?.fields.password}
        />
        <Button type="submit" loading={busy} w="fit-content">
          Tạo tài khoản
        </Button>
      </Stack>
    </Paper>
  );
}
