import { Badge, Group, NativeSelect, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, Schemas } from '../../api/client';
import { Loaded, Page } from '../../components/Page';
import { unwrap } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { AdminNav } from './AdminNav';

type Catalog = 'manifestation' | 'prohibition';
type Item = Schemas['CatalogItemView'];

const CATALOGS: Record<Catalog, { label: string; path: '/api/manifestations' | '/api/prohibitions' }> = {
  manifestation: { label: '27 biểu hiện (NQ 4 khóa XII)', path: '/api/manifestations' },
  prohibition: { label: '19 điều đảng viên không được làm (QĐ 37)', path: '/api/prohibitions' },
};

export const SOURCE_KIND_LABELS: Record<NonNullable<Item['sourceKind']>, string> = {
  official: 'Văn bản chính thức',
  secondary_quotation: 'Trích dẫn lại',
  paraphrase: 'Diễn đạt lại',
  missing: 'Chưa có văn bản',
};

/** The reference catalogs with their versions, each text's verified flag and where it comes from. */
export default function CatalogsPage() {
  const [catalog, setCatalog] = useState<Catalog>('manifestation');
  const [version, setVersion] = useState('');
  const path = CATALOGS[catalog].path;
  const versions = useQuery({
    queryKey: ['catalogs', catalog, 'versions'],
    queryFn: () =>
      unwrap(
        catalog === 'manifestation'
          ? api.GET('/api/manifestations/versions')
          : api.GET('/api/prohibitions/versions'),
      ),
  });
  const items = useQuery({
    queryKey: ['catalogs', catalog, version],
    queryFn: () => unwrap(api.GET(path, { params: { query: version ? { version: Number(version) } : {} } })),
  });

  return (
    <Page title="Danh mục">
      <AdminNav />
      <SegmentedControl
        aria-label="Danh mục"
        value={catalog}
        onChange={(v) => {
          setCatalog(v as Catalog);
          setVersion('');
        }}
        data={Object.entries(CATALOGS).map(([value, c]) => ({ value, label: c.label }))}
        style={{ maxWidth: '100%', flexWrap: 'wrap' }}
      />
      <Loaded query={versions}>
        {(list) => (
          <Stack gap={4}>
            <NativeSelect
              label="Phiên bản"
              value={version}
              onChange={(e) => setVersion(e.currentTarget.value)}
              maw={480}
              data={[
                { value: '', label: 'Phiên bản đang dùng' },
                ...list.map((v) => ({
                  value: String(v.version),
                  label: `Phiên bản ${v.version}${v.current ? ' (đang dùng)' : ''} · ${formatDateTime(v.createdAt)}`,
                })),
              ]}
            />
            {(() => {
              const shown = version
                ? list.find((v) => String(v.version) === version)
                : list.find((v) => v.current);
              return shown?.reason ? (
                <Text size="sm">
                  Lý do của phiên bản {shown.version}: {shown.reason}
                </Text>
              ) : null;
            })()}
          </Stack>
        )}
      </Loaded>
      <Loaded query={items}>
        {(rows) => (
          <Stack gap="xs">
            <Text role="status">
              {`${rows.length} mục, ${rows.filter((r) => r.verified).length} đã đối chiếu với văn bản gốc.`}
            </Text>
            <Table.ScrollContainer minWidth={640} scrollAreaProps={{ viewportProps: { tabIndex: 0 } }}>
              <Table striped aria-label={CATALOGS[catalog].label}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Số</Table.Th>
                    <Table.Th>Nội dung</Table.Th>
                    <Table.Th>Đối chiếu</Table.Th>
                    <Table.Th>Nguồn</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.code} data-code={r.code}>
                      <Table.Td>{r.code}</Table.Td>
                      <Table.Td>{r.displayText}</Table.Td>
                      <Table.Td>
                        {r.verified ? (
                          <Badge color="green" variant="light">
                            Đã đối chiếu
                          </Badge>
                        ) : (
                          <Badge
                            color="orange"
                            variant="light"
                            style={{ whiteSpace: 'normal', height: 'auto' }}
                          >
                            Chưa đối chiếu văn bản gốc
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          <Text size="sm">{r.sourceKind ? SOURCE_KIND_LABELS[r.sourceKind] : ''}</Text>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        )}
      </Loaded>
    </Page>
  );
}
