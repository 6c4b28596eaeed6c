import { Button, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { api } from '../../api/client';
import { PageSwitcher } from '../../components/PageSwitcher';
import { Loaded, Page } from '../../components/Page';
import { explainError, unwrap } from '../../lib/errors';
import { formatDateTime, formatNumber, parseVnDate } from '../../lib/format';
import { AdminNav } from './AdminNav';
import { actionLabel, AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, describeChanges } from './auditLabels';

const PAGE_SIZE = 50;

interface Filters {
  action: string;
  entityType: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { action: '', entityType: '', from: '', to: '' };

/** Dates typed dd/mm/yyyy, sent as the start and the end of those days in Vietnam's time. */
function toQuery(f: Filters) {
  const from = parseVnDate(f.from);
  const to = parseVnDate(f.to);
  return {
    ...(f.action ? { action: f.action } : {}),
    ...(f.entityType ? { entityType: f.entityType } : {}),
    ...(from ? { from: /^\d{4}-\d{2}-\d{2}$/.test(from) ? `${from}T00:00:00+07:00` : from } : {}),
    ...(to ? { to: /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59+07:00` : to } : {}),
  };
}

/** The audit log (GET /api/audit-log) of the person's scope, newest first, with filters. */
export default function AuditPage() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ['audit-log', filters, page],
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: () =>
      unwrap(
        api.GET('/api/audit-log', { params: { query: { ...toQuery(filters), page, pageSize: PAGE_SIZE } } }),
      ),
  });
  const explained = query.isError ? explainError(query.error) : null;

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilters(draft);
    setPage(1);
  }
  const set = (key: keyof Filters) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  return (
    <Page title="Nhật ký thao tác">
      <AdminNav />
      <form onSubmit={apply} aria-label="Lọc nhật ký">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          <NativeSelect
            label="Thao tác"
            value={draft.action}
            onChange={(e) => set('action')(e.currentTarget.value)}
            data={[
              { value: '', label: 'Mọi thao tác' },
              ...Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label })),
            ]}
          />
          <NativeSelect
            label="Đối tượng"
            value={draft.entityType}
            onChange={(e) => set('entityType')(e.currentTarget.value)}
            data={[
              { value: '', label: 'Mọi đối tượng' },
              ...Object.entries(AUDIT_ENTITY_TYPES).map(([value, label]) => ({ value, label })),
            ]}
          />
          <TextInput
            label="Từ ngày"
            placeholder="dd/mm/yyyy"
            value={draft.from}
            onChange={(e) => set('from')(e.currentTarget.value)}
            error={explained?.fields.from}
          />
          <TextInput
            label="Đến ngày"
            placeholder="dd/mm/yyyy"
            value={draft.to}
            onChange={(e) => set('to')(e.currentTarget.value)}
            error={explained?.fields.to}
          />
        </SimpleGrid>
        <Group mt="sm" gap="xs">
          <Button type="submit">Lọc</Button>
          <Button
            variant="subtle"
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
              setPage(1);
            }}
          >
            Bỏ lọc
          </Button>
        </Group>
      </form>
      <Loaded query={query}>
        {(data) => (
          <Stack gap="sm">
            <Text role="status">{`${formatNumber(data.total)} mục nhật ký.`}</Text>
            {data.items.length > 0 && (
              <Table.ScrollContainer minWidth={720} scrollAreaProps={{ viewportProps: { tabIndex: 0 } }}>
                <Table striped aria-label="Nhật ký thao tác">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Thời gian</Table.Th>
                      <Table.Th>Người làm</Table.Th>
                      <Table.Th>Thao tác</Table.Th>
                      <Table.Th>Đối tượng</Table.Th>
                      <Table.Th>Nội dung</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((e) => (
                      <Table.Tr key={e.id}>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                        <Table.Td>{e.actorUsername ?? 'hệ thống'}</Table.Td>
                        <Table.Td>{actionLabel(e.action)}</Table.Td>
                        <Table.Td>{AUDIT_ENTITY_TYPES[e.entityType] ?? e.entityType}</Table.Td>
                        <Table.Td style={{ maxWidth: 360, overflowWrap: 'anywhere' }}>
                          {e.reason && <Text size="sm">Lý do: {e.reason}</Text>}
                          {describeChanges(e.changes)
                            .slice(0, 6)
                            .map((line, i) => (
                              <Text size="sm" key={i}>
                                {line}
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
    </Page>
  );
}
