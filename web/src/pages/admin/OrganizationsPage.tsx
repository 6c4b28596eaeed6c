import {
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useMemo, useState } from 'react';
import { api } from '../../api/client';
import { FormError } from '../../components/FormError';
import { notifyDone } from '../../components/notify';
import { Loaded, Page } from '../../components/Page';
import { ExplainedError, explainError, unwrap } from '../../lib/errors';
import { useUser } from '../../session/session';
import { AdminNav } from './AdminNav';
import { useOrganizationTree } from './adminQueries';
import { isAdmin } from './grants';
import { FlatOrg, kindLabel, moveTargets, pickerLabel, visibleInSearch } from './tree';

/** The organisation tree: add, rename, move; the API's refusals in words next to the field. */
export default function OrganizationsPage() {
  const { query, flat } = useOrganizationTree();
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const shown = useMemo(() => visibleInSearch(flat, search), [flat, search]);
  const selected = flat.find((f) => f.node.id === selectedId) ?? null;

  return (
    <Page title="Tổ chức đảng">
      <AdminNav />
      <Loaded query={query}>
        {() => (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <Stack gap="xs" component="section" aria-labelledby="tree-title">
              <Title order={2} size="h4" id="tree-title">
                Cây tổ chức
              </Title>
              <TextInput
                label="Tìm tổ chức"
                description="Tên hoặc mã; gõ không dấu cũng được."
                value={search}
                onChange={(e) => setSearch(e.currentTarget.value)}
              />
              <Paper withBorder p={4} mah={560} style={{ overflowY: 'auto' }}>
                <ul aria-label="Cây tổ chức" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  {flat
                    .filter((f) => shown.has(f.node.id))
                    .map((f) => (
                      <TreeRow
                        key={f.node.id}
                        org={f}
                        selected={f.node.id === selectedId}
                        onSelect={() => setSelectedId(f.node.id)}
                      />
                    ))}
                </ul>
                {shown.size === 0 && (
                  <Text p="sm" c="dimmed">
                    Không có tổ chức nào khớp.
                  </Text>
                )}
              </Paper>
              <AddTopLevel />
            </Stack>
            {selected ? (
              <OrganizationPanel key={selected.node.id} org={selected} flat={flat} />
            ) : (
              <Text c="dimmed">
                Chọn một tổ chức trong cây để đổi tên, chuyển hoặc thêm tổ chức trực thuộc.
              </Text>
            )}
          </SimpleGrid>
        )}
      </Loaded>
    </Page>
  );
}

function TreeRow({ org, selected, onSelect }: { org: FlatOrg; selected: boolean; onSelect: () => void }) {
  return (
    <li>
      <UnstyledButton
        onClick={onSelect}
        aria-pressed={selected}
        w="100%"
        px="xs"
        py={8}
        pl={8 + org.depth * 20}
        style={{
          minHeight: 44,
          borderRadius: 4,
          background: selected ? 'var(--mantine-color-red-0)' : undefined,
          outlineOffset: -2,
        }}
      >
        <Group gap={6} wrap="nowrap">
          <Text fw={selected ? 700 : 500} style={{ flex: 1, minWidth: 0 }}>
            {org.node.name}
          </Text>
          <Badge variant="light" color={org.node.kind === 'cell' ? 'blue' : 'red'} style={{ flexShrink: 0 }}>
            {kindLabel(org.node)}
          </Badge>
        </Group>
      </UnstyledButton>
    </li>
  );
}

function useInvalidateTree() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['organizations'] });
}

function OrganizationPanel({ org, flat }: { org: FlatOrg; flat: FlatOrg[] }) {
  const parent = flat.find((f) => f.node.id === org.node.parentId);
  return (
    <Stack gap="md" component="section" aria-labelledby="org-title">
      <div>
        <Title order={2} size="h4" id="org-title">
          {org.node.name}
        </Title>
        <Text size="sm">
          {kindLabel(org.node)} · mã {org.node.code}
          {parent ? ` · trực thuộc ${parent.node.name}` : ' · cấp cao nhất'}
        </Text>
      </div>
      <RenameForm org={org} />
      <MoveForm org={org} flat={flat} />
      {org.node.kind === 'committee' && <AddChildForm parentId={org.node.id} />}
    </Stack>
  );
}

function RenameForm({ org }: { org: FlatOrg }) {
  const [name, setName] = useState(org.node.name);
  const [code, setCode] = useState(org.node.code);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);
  const invalidate = useInvalidateTree();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await unwrap(
        api.PATCH('/api/organizations/{id}', {
          params: { path: { id: org.node.id } },
          body: {
            version: org.node.version,
            ...(name !== org.node.name ? { name } : {}),
            ...(code !== org.node.code ? { code } : {}),
          },
        }),
      );
      setError(null);
      notifyDone('Đã lưu tên và mã của tổ chức.');
      await invalidate();
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="sm" component="form" onSubmit={(e: FormEvent) => void submit(e)} noValidate>
      <Stack gap="xs">
        <Title order={3} size="h5">
          Đổi tên
        </Title>
        <FormError error={error} shown={['name', 'code']} />
        <TextInput
          label="Tên tổ chức"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={error?.fields.name}
        />
        <TextInput
          label="Mã tổ chức"
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={error?.fields.code}
        />
        <Button type="submit" loading={busy} w="fit-content">
          Lưu tên
        </Button>
      </Stack>
    </Paper>
  );
}

function MoveForm({ org, flat }: { org: FlatOrg; flat: FlatOrg[] }) {
  const targets = useMemo(() => moveTargets(flat, org.node.id), [flat, org.node.id]);
  const [parentId, setParentId] = useState('');
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);
  const invalidate = useInvalidateTree();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!parentId) {
      setError({
        message: 'Hãy chọn tổ chức sẽ trực thuộc.',
        fields: { parentId: 'Không được để trống.' },
        conflict: false,
        network: false,
      });
      return;
    }
    setBusy(true);
    try {
      await unwrap(
        api.PATCH('/api/organizations/{id}', {
          params: { path: { id: org.node.id } },
          body: { version: org.node.version, parentId },
        }),
      );
      setError(null);
      const target = flat.find((f) => f.node.id === parentId);
      notifyDone(`Đã chuyển ${org.node.name} về trực thuộc ${target?.node.name ?? ''}.`);
      await invalidate();
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="sm" component="form" onSubmit={(e: FormEvent) => void submit(e)} noValidate>
      <Stack gap="xs">
        <Title order={3} size="h5">
          Chuyển tổ chức
        </Title>
        <FormError error={error} shown={['parentId']} />
        <NativeSelect
          label="Chuyển về trực thuộc"
          description="Cả các tổ chức, đảng viên và hồ sơ bên dưới chuyển theo."
          value={parentId}
          onChange={(e) => setParentId(e.currentTarget.value)}
          error={error?.fields.parentId}
          data={[
            { value: '', label: 'Chọn đảng bộ…' },
            ...targets.map((t) => ({ value: t.node.id, label: pickerLabel(t) })),
          ]}
        />
        <Button type="submit" loading={busy} w="fit-content">
          Chuyển
        </Button>
      </Stack>
    </Paper>
  );
}

function AddChildForm({ parentId }: { parentId: string | null }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'committee' | 'cell'>('cell');
  const [isGrassroots, setGrassroots] = useState(false);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);
  const invalidate = useInvalidateTree();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const created = await unwrap(
        api.POST('/api/organizations', { body: { code, name, kind, isGrassroots, parentId } }),
      );
      setError(null);
      setCode('');
      setName('');
      notifyDone(`Đã thêm ${created.name}.`);
      await invalidate();
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  const top = parentId === null;
  return (
    <Paper withBorder p="sm" component="form" onSubmit={(e: FormEvent) => void submit(e)} noValidate>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {top ? 'Thêm đảng bộ cấp cao nhất' : 'Thêm tổ chức trực thuộc'}
        </Title>
        <FormError error={error} shown={['code', 'name', 'kind', 'parentId']} />
        <TextInput
          label={top ? 'Tên đảng bộ mới' : 'Tên tổ chức mới'}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={error?.fields.name}
        />
        <TextInput
          label={top ? 'Mã đảng bộ mới' : 'Mã tổ chức mới'}
          description="Chữ không dấu, số, dấu chấm, gạch ngang; ví dụ P-LB.TDP7."
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={error?.fields.code}
        />
        {!top && (
          <NativeSelect
            label="Loại tổ chức"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as 'committee' | 'cell')}
            error={error?.fields.kind}
            data={[
              { value: 'cell', label: 'Chi bộ' },
              { value: 'committee', label: 'Đảng bộ' },
            ]}
          />
        )}
        <Checkbox
          label="Là tổ chức cơ sở đảng (đảng bộ cơ sở, chi bộ cơ sở)"
          checked={isGrassroots}
          onChange={(e) => setGrassroots(e.currentTarget.checked)}
          error={error?.fields.parentId}
        />
        <Button type="submit" loading={busy} w="fit-content">
          {top ? 'Thêm đảng bộ' : 'Thêm tổ chức'}
        </Button>
      </Stack>
    </Paper>
  );
}

/** An admin alone creates a top-level committee (a province's). */
function AddTopLevel() {
  const user = useUser();
  const [open, setOpen] = useState(false);
  if (!isAdmin(user)) return null;
  return open ? (
    <AddChildForm parentId={null} />
  ) : (
    <Button variant="light" w="fit-content" onClick={() => setOpen(true)}>
      Thêm đảng bộ cấp cao nhất
    </Button>
  );
}
