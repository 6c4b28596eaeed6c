import { Alert, Button, Group, Input, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { authFetch } from '../../api/client';
import type { paths } from '../../api/schema';
import { FormError } from '../../components/FormError';
import { notifyError } from '../../components/notify';
import { Page } from '../../components/Page';
import { ApiError, ExplainedError, explainError, NetworkError, toApiError } from '../../lib/errors';
import { formatNumber } from '../../lib/format';
import { AdminNav } from './AdminNav';
import { downloadFile } from './download';
import { dryRunSummary, groupByRow, RowProblems } from './importErrors';

type ImportReport = paths['/api/members/import']['post']['responses'][200]['content']['application/json'];

/** POST /api/members/import with the file in the multipart field `file`. */
async function sendImport(file: File, dryRun: boolean): Promise<ImportReport> {
  const body = new FormData();
  body.append('file', file);
  const url = new URL(`/api/members/import?dryRun=${dryRun}`, window.location.origin);
  const res = await authFetch(new Request(url, { method: 'POST', body })).catch(() => {
    throw new NetworkError();
  });
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) throw Object.assign(toApiError(res.status, json), { body: json });
  return json as ImportReport;
}

/** The rows a refused import lists in `details` (IMPORT_INVALID_ROWS), as the dry run lists them. */
function rowsOfRefusal(err: unknown): RowProblems[] {
  if (!(err instanceof ApiError) || err.code !== 'IMPORT_INVALID_ROWS') return [];
  const body = (err as ApiError & { body?: { details?: unknown[] } }).body;
  return groupByRow(body?.details ?? []);
}

/** Member import: the template, a dry run listing every bad row and field, then the import. */
export default function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<{ file: File; report: ImportReport } | null>(null);
  const [rows, setRows] = useState<RowProblems[]>([]);
  const [created, setCreated] = useState<number | null>(null);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const client = useQueryClient();

  function choose(f: File | null) {
    setFile(f);
    setChecked(null);
    setRows([]);
    setCreated(null);
    setError(null);
  }

  async function run(dryRun: boolean) {
    if (!file) {
      setError(explainError(new ApiError(400, 'IMPORT_FILE_REQUIRED', [], '')));
      return;
    }
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    setCreated(null);
    try {
      const report = await sendImport(file, dryRun);
      setRows(groupByRow(report.errors));
      if (dryRun) setChecked({ file, report });
      else {
        setCreated(report.created);
        setChecked(null);
        await client.invalidateQueries({ queryKey: ['members'] });
      }
    } catch (err) {
      setError(explainError(err));
      setRows(rowsOfRefusal(err));
    } finally {
      setBusy(null);
    }
  }

  const readyToImport = checked?.file === file && checked?.report.errors.length === 0;

  return (
    <Page title="Nhập danh sách đảng viên">
      <AdminNav />
      <Paper withBorder p="md" component="section" aria-labelledby="template-title">
        <Stack gap="xs">
          <Title order={2} size="h4" id="template-title">
            Tệp mẫu
          </Title>
          <Text size="sm">
            Mỗi dòng một đảng viên; cột “Chi bộ (mã)” ghi mã chi bộ như trong cây tổ chức. Ngày ghi
            dd/mm/yyyy.
          </Text>
          <Group gap="xs">
            <TemplateButton format="xlsx" />
            <TemplateButton format="csv" />
          </Group>
        </Stack>
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="upload-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="upload-title">
            Nhập từ tệp
          </Title>
          <Input.Wrapper
            label="Tệp danh sách (XLSX hoặc CSV)"
            id="import-file-wrapper"
            labelProps={{ htmlFor: 'import-file' }}
          >
            <input
              id="import-file"
              type="file"
              accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => choose(e.currentTarget.files?.[0] ?? null)}
              style={{ display: 'block', minHeight: 44, paddingTop: 8 }}
            />
          </Input.Wrapper>
          <Text size="sm" c="dimmed">
            Kiểm tra thử không ghi gì; chỉ khi mọi dòng hợp lệ mới nhập được, và nhập là tất cả hoặc không
            dòng nào.
          </Text>
          <Group gap="xs">
            <Button variant="light" loading={busy === 'check'} onClick={() => void run(true)}>
              Kiểm tra thử
            </Button>
            <Button loading={busy === 'import'} disabled={!readyToImport} onClick={() => void run(false)}>
              Nhập đảng viên
            </Button>
          </Group>
          <FormError error={error} shown={['file']} />
          {error?.fields.file && (
            <Text c="red.8" size="sm">
              {error.fields.file}
            </Text>
          )}
          {checked && (
            <Alert
              role="status"
              color={checked.report.errors.length === 0 ? 'green' : 'orange'}
              title={dryRunSummary(checked.report)}
            />
          )}
          {created !== null && (
            <Alert role="status" color="green" title={`Đã nhập ${formatNumber(created)} đảng viên.`} />
          )}
          {rows.length > 0 && <RowErrorsTable rows={rows} />}
        </Stack>
      </Paper>
    </Page>
  );
}

function TemplateButton({ format }: { format: 'xlsx' | 'csv' }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="light"
      loading={busy}
      onClick={() => {
        setBusy(true);
        downloadFile(`/api/members/import/template?format=${format}`, `mau-nhap-dang-vien.${format}`)
          .catch(notifyError)
          .finally(() => setBusy(false));
      }}
    >
      Tải mẫu {format.toUpperCase()}
    </Button>
  );
}

/** Every bad row with the columns at fault and why. */
function RowErrorsTable({ rows }: { rows: RowProblems[] }) {
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table aria-label="Các dòng có lỗi" withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Dòng</Table.Th>
            <Table.Th>Lỗi</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.row}>
              <Table.Td style={{ verticalAlign: 'top' }}>Dòng {r.row}</Table.Td>
              <Table.Td>
                <List size="sm" spacing={2}>
                  {r.problems.map((p, i) => (
                    <List.Item key={i}>
                      <strong>{p.column}</strong>: {p.message}
                    </List.Item>
                  ))}
                </List>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
