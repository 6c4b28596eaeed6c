import '@mantine/charts/styles.css';
import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { Fragment, memo, useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { Loaded } from '../../components/Page';
import { unwrap } from '../../lib/errors';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { ChildTable } from './ChildTable';
import { DownloadButtons } from './DownloadButtons';
import { OverviewSections, Section } from './OverviewSections';
import { ChildSortField, nextSort, SortOrder, sortChildRows } from './reportFigures';
import {
  reportFileUrl,
  Scope,
  TREND_YEARS,
  useChildRows,
  useLeadersFirst,
  useMonthTrend,
  useOrganization,
  useOverview,
  useYearTrend,
} from './reportsApi';
import { MonthTrendView, YearTrendView } from './TrendSections';
import { reportYears, useReportScope } from './useReportScope';

/**
 * `Báo cáo` (UI.md journey 6): the year at a glance of an organisation's subtree for the cấp ủy,
 * every figure as the API answers it (GET /api/reports/...), each report's files beside its figures,
 * a child organisation's name opening its own report.
 */
export default function ReportsPage() {
  const { roots, organizationId, year, linkOf, set } = useReportScope();
  useEffect(() => {
    document.title = 'Báo cáo · Cam kết tu dưỡng';
  }, []);
  // Stable, so each section (memo) is drawn again only when its own answer changes.
  const here = useCallback((id: string) => linkOf('/bao-cao', id), [linkOf]);
  const scope = useMemo(
    () => (organizationId === null ? null : { organizationId, year }),
    [organizationId, year],
  );
  return (
    <Stack gap="md" maw={1400} mx="auto">
      <Title order={1} size="h2">
        Báo cáo
      </Title>
      {scope === null ? (
        <Text>Tài khoản của bạn không phụ trách cấp ủy nào.</Text>
      ) : (
        <>
          <Group gap="sm" align="end">
            <NativeSelect
              label="Năm"
              value={String(year)}
              onChange={(e) => set({ year: Number(e.currentTarget.value) })}
              data={reportYears().map(String)}
              w={140}
            />
            {roots.length > 1 && (
              <RootPicker
                roots={roots}
                value={organizationId}
                onChange={(id) => set({ organizationId: id })}
              />
            )}
          </Group>
          <nav aria-label="Vị trí trong cây tổ chức">
            <Group gap={6}>
              <Trail id={organizationId} roots={roots} linkOf={here} current />
            </Group>
          </nav>
          <Report key={`${scope.organizationId}-${scope.year}`} scope={scope} linkOf={here} />
        </>
      )}
    </Stack>
  );
}

/** A leader of several committees picks which one to read. */
function RootPicker({
  roots,
  value,
  onChange,
}: {
  roots: string[];
  value: string;
  onChange: (id: string) => void;
}) {
  const names = useQueries({
    queries: roots.map((id) => ({
      queryKey: ['organizations', 'one', id],
      staleTime: 5 * 60_000,
      queryFn: () => unwrap(api.GET('/api/organizations/{id}', { params: { path: { id } } })),
    })),
  });
  return (
    <NativeSelect
      label="Cấp ủy"
      value={roots.includes(value) ? value : ''}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[
        ...(roots.includes(value) ? [] : [{ value: '', label: 'Tổ chức trực thuộc đang xem' }]),
        ...roots.map((id, i) => ({ value: id, label: names[i].data?.name ?? '…' })),
      ]}
    />
  );
}

/**
 * The organisations from the committee the leader leads down to the one shown, each a link back up:
 * each level reads its organisation (GET /api/organizations/:id) and puts its parent before it.
 */
function Trail({
  id,
  roots,
  linkOf,
  current = false,
}: {
  id: string;
  roots: string[];
  linkOf: (id: string) => string;
  current?: boolean;
}) {
  const org = useOrganization(id);
  if (!org.data) return null;
  const parent = !roots.includes(id) ? org.data.parentId : null;
  return (
    <>
      {parent && (
        <>
          <Trail id={parent} roots={roots} linkOf={linkOf} />
          <Text span aria-hidden>
            ›
          </Text>
        </>
      )}
      {current ? (
        <Text span fw={600} aria-current="page">
          {org.data.name}
        </Text>
      ) : (
        <Anchor component={Link} to={linkOf(id)}>
          {org.data.name}
        </Anchor>
      )}
    </>
  );
}

/** Every report of one organisation and year, each shown as soon as its answer arrives. */
function Report({ scope, linkOf }: { scope: Scope; linkOf: (id: string) => string }) {
  const overview = useOverview(scope);
  const q = { organizationId: scope.organizationId, year: scope.year };
  return (
    <>
      <Loaded query={overview}>
        {(o) => (
          <>
            <Section
              title={`Tổng hợp năm ${o.year}: ${o.organizationName}`}
              id="section-overview"
              actions={
                <DownloadButtons
                  what="báo cáo tổng hợp"
                  formats={['xlsx', 'csv', 'pdf']}
                  urlOf={(f) => reportFileUrl('overview', q, f)}
                />
              }
            >
              <Text size="sm">
                Số đảng viên tính đến ngày {formatDate(o.referenceDate)}; số liệu lúc{' '}
                {formatDateTime(o.generatedAt)}. Mỗi tỷ lệ ghi kèm tử số/mẫu số.
              </Text>
            </Section>
            <OverviewSections o={o} />
          </>
        )}
      </Loaded>
      <Children scope={scope} linkOf={linkOf} />
      <LeadersFirst scope={scope} />
      <MonthTrend scope={scope} />
      <YearTrend scope={scope} />
      <Classification scope={scope} />
    </>
  );
}

const Children = memo(function Children({ scope, linkOf }: { scope: Scope; linkOf: (id: string) => string }) {
  const rows = useChildRows(scope);
  const [sort, setSort] = useState<{ field: ChildSortField; order: SortOrder }>({
    field: 'name',
    order: 'asc',
  });
  return (
    <Section
      title="Các tổ chức trực thuộc"
      id="section-children"
      actions={
        <DownloadButtons
          what="bảng các tổ chức trực thuộc"
          formats={['xlsx', 'csv']}
          urlOf={(f) => reportFileUrl('organizations', { ...scope, sort: sort.field, order: sort.order }, f)}
        />
      }
    >
      <Loaded query={rows}>
        {(r) =>
          r.items.length === 0 ? (
            <Text>Không có tổ chức trực thuộc.</Text>
          ) : (
            <>
              <Text size="sm">
                Bấm tên cột để sắp xếp, bấm tên tổ chức để xem báo cáo của tổ chức đó. Màu của tỷ lệ: xanh từ
                90%, xanh nhạt từ 70%, vàng từ 50%, đỏ dưới 50%.
              </Text>
              <ChildTable
                rows={sortChildRows(r.items, sort.field, sort.order)}
                sort={sort}
                onSort={(field) => setSort((s) => nextSort(s, field))}
                linkOf={linkOf}
              />
            </>
          )
        }
      </Loaded>
    </Section>
  );
});

const LEADER_STATUS: Record<string, string> = {
  first: 'Đăng ký trước',
  not_first: 'Có đảng viên đăng ký trước',
  head_not_submitted: 'Người đứng đầu chưa đăng ký',
  no_member_submitted: 'Chưa có đảng viên khác đăng ký',
};

/** Nêu gương, học trước làm theo trước: did each head register before the members they lead? */
const LeadersFirst = memo(function LeadersFirst({ scope }: { scope: Scope }) {
  const report = useLeadersFirst(scope);
  return (
    <Section
      title="Nêu gương: người đứng đầu đăng ký trước"
      id="section-leaders"
      actions={
        <DownloadButtons
          what="báo cáo nêu gương"
          formats={['xlsx', 'csv']}
          urlOf={(f) => reportFileUrl('leaders-first', scope, f)}
        />
      }
    >
      <Loaded query={report}>
        {(r) =>
          r.items.length === 0 ? (
            <Text>Chưa có tổ chức nào ghi người đứng đầu.</Text>
          ) : (
            <Table.ScrollContainer minWidth={760} scrollAreaProps={{ viewportProps: { tabIndex: 0 } }}>
              <Table striped aria-label="Nêu gương" fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Tổ chức</Table.Th>
                    <Table.Th>Người đứng đầu</Table.Th>
                    <Table.Th>Nộp lần đầu</Table.Th>
                    <Table.Th>Đảng viên nộp sớm nhất</Table.Th>
                    <Table.Th ta="right">Đã nộp</Table.Th>
                    <Table.Th ta="right">Nộp trước người đứng đầu</Table.Th>
                    <Table.Th>Kết quả</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.items.map((l) => (
                    <Table.Tr key={l.organizationId}>
                      <Table.Td>{l.organizationName}</Table.Td>
                      <Table.Td>{l.headName}</Table.Td>
                      <Table.Td>{formatDateTime(l.headFirstSubmittedAt)}</Table.Td>
                      <Table.Td>{formatDateTime(l.firstMemberSubmittedAt)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(l.membersSubmitted)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(l.membersBeforeHead)}</Table.Td>
                      <Table.Td>{LEADER_STATUS[l.status] ?? l.status}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </Loaded>
    </Section>
  );
});

const MonthTrend = memo(function MonthTrend({ scope }: { scope: Scope }) {
  const trend = useMonthTrend(scope);
  return (
    <Section
      title="Diễn biến theo tháng"
      id="section-months"
      actions={
        <DownloadButtons
          what="diễn biến theo tháng"
          formats={['xlsx', 'csv']}
          urlOf={(f) => reportFileUrl('trend', { ...scope, by: 'month' }, f)}
        />
      }
    >
      <Loaded query={trend}>{(t) => <MonthTrendView t={t} />}</Loaded>
    </Section>
  );
});

const YearTrend = memo(function YearTrend({ scope }: { scope: Scope }) {
  const trend = useYearTrend(scope);
  const span = {
    organizationId: scope.organizationId,
    by: 'year',
    from: scope.year - TREND_YEARS + 1,
    to: scope.year,
  };
  return (
    <Section
      title={`Diễn biến qua các năm ${span.from}–${span.to}`}
      id="section-years"
      actions={
        <DownloadButtons
          what="diễn biến qua các năm"
          formats={['xlsx', 'csv']}
          urlOf={(f) => reportFileUrl('trend', span, f)}
        />
      }
    >
      <Loaded query={trend}>{(t) => <YearTrendView t={t} />}</Loaded>
    </Section>
  );
});

/** The classification list is long (one row per member): its own page, its files here too. */
const Classification = memo(function Classification({ scope }: { scope: Scope }) {
  return (
    <Section
      title="Danh sách đánh giá, xếp loại đảng viên"
      id="section-classification"
      actions={
        <DownloadButtons
          what="danh sách xếp loại"
          formats={['xlsx', 'csv']}
          urlOf={(f) => reportFileUrl('classification', scope, f)}
        />
      }
    >
      <Fragment>
        <Text size="sm">
          Tự xếp loại, chi bộ đề nghị và cấp ủy quyết định của từng đảng viên; bản kiểm điểm của từng người
          (DOCX).
        </Text>
        <Button
          component={Link}
          to={`/bao-cao/xep-loai?toChuc=${scope.organizationId}&nam=${scope.year}`}
          variant="light"
          w="fit-content"
        >
          Mở danh sách xếp loại
        </Button>
      </Fragment>
    </Section>
  );
});
