import { Anchor, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { notifyError } from '../../components/notify';
import { Loaded } from '../../components/Page';
import { PageSwitcher } from '../../components/PageSwitcher';
import { downloadFile } from '../../lib/download';
import { formatNumber } from '../../lib/format';
import { LEVEL_LABELS } from '../../lib/labels';
import { DownloadButtons } from './DownloadButtons';
import { reportFileUrl, useClassification } from './reportsApi';
import { useReportScope } from './useReportScope';

const PAGE_SIZE = 50;

/** Lower case without diacritics, so `hang` finds `Hằng` (and `đ` finds `d`). */
const folded = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLocaleLowerCase('vi-VN');

/**
 * Danh sách đánh giá, xếp loại đảng viên (GET /api/reports/classification) of an organisation's
 * subtree: each member's own level, the cell's proposal and the committee's decision, and their bản
 * kiểm điểm as DOCX (GET /api/reports/members/:id/review).
 */
export default function ClassificationPage() {
  const { organizationId, year, linkOf } = useReportScope();
  const scope = { organizationId: organizationId ?? '', year };
  const report = useClassification(scope);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Danh sách xếp loại · Cam kết tu dưỡng';
  }, []);
  const items = report.data?.items;
  const shown = useMemo(() => {
    const needle = folded(search.trim());
    return (items ?? []).filter((r) => !needle || folded(r.fullName).includes(needle));
  }, [items, search]);

  async function review(memberId: string) {
    setBusy(memberId);
    try {
      await downloadFile(
        `/api/reports/members/${memberId}/review?year=${year}`,
        `ban-kiem-diem-${year}.docx`,
      );
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack gap="md" maw={1400} mx="auto">
      <Title order={1} size="h2">
        Danh sách xếp loại năm {year}
      </Title>
      {organizationId && (
        <Group justify="space-between">
          <Anchor component={Link} to={linkOf('/bao-cao', organizationId)}>
            ← Về báo cáo tổng hợp
          </Anchor>
          <DownloadButtons
            what="danh sách xếp loại"
            formats={['xlsx', 'csv']}
            urlOf={(f) => reportFileUrl('classification', scope, f)}
          />
        </Group>
      )}
      <Loaded query={report}>
        {(r) => (
          <>
            <Text>
              {r.organizationName}: {formatNumber(r.items.length)} đảng viên trong các đợt đánh giá của năm{' '}
              {r.year}.
            </Text>
            <TextInput
              label="Tìm theo họ tên"
              value={search}
              onChange={(e) => {
                setSearch(e.currentTarget.value);
                setPage(1);
              }}
              maw={360}
            />
            {shown.length === 0 ? (
              <Text>Không có đảng viên nào.</Text>
            ) : (
              <Table.ScrollContainer minWidth={900}>
                <Table striped aria-label="Danh sách xếp loại" fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Họ và tên</Table.Th>
                      <Table.Th>Chi bộ</Table.Th>
                      <Table.Th>Tự xếp loại</Table.Th>
                      <Table.Th>Chi bộ đề nghị</Table.Th>
                      <Table.Th>Cấp ủy quyết định</Table.Th>
                      <Table.Th>Bản kiểm điểm</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((m) => (
                      <Table.Tr key={m.memberId}>
                        <Table.Td>{m.fullName}</Table.Td>
                        <Table.Td>{m.cellName}</Table.Td>
                        <Table.Td>{m.selfLevel ? LEVEL_LABELS[m.selfLevel] : ''}</Table.Td>
                        <Table.Td>{m.proposedLevel ? LEVEL_LABELS[m.proposedLevel] : ''}</Table.Td>
                        <Table.Td>
                          {m.decidedLevel
                            ? LEVEL_LABELS[m.decidedLevel]
                            : m.notClassifiedReason
                              ? 'Không xếp loại'
                              : 'Chưa quyết định'}
                        </Table.Td>
                        <Table.Td>
                          <Button
                            size="xs"
                            variant="light"
                            loading={busy === m.memberId}
                            onClick={() => void review(m.memberId)}
                            aria-label={`Tải bản kiểm điểm của ${m.fullName} dạng DOCX`}
                          >
                            DOCX
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            <PageSwitcher total={shown.length} pageSize={PAGE_SIZE} page={page} onChange={setPage} />
          </>
        )}
      </Loaded>
    </Stack>
  );
}
