import { Badge, Table, Text } from '@mantine/core';
import { LEVEL_LABELS } from '../../../lib/labels';
import { LEVEL_SHORT } from './decisions';
import { Level, LEVELS, QuotaCheck, QuotaRule, quotaWords } from './quota';

export interface QuotaTableRow {
  organizationId: string | null;
  name: string;
  /** Classified members. */
  classified: number;
  notClassified: number;
  undecided: number;
  decided: Record<Level, number>;
  quota: QuotaCheck;
  exception: { decisionNumber: string; decidedOn: string; maxExcellent: number } | null;
  /** True when the row counts choices not saved yet. */
  withDrafts: boolean;
}

/**
 * Column headers break between words only: the page's `overflow-wrap: anywhere` (app.css) would
 * otherwise let a narrow column split "Xếp loại" inside its words on a phone.
 */
const HEADER = { overflowWrap: 'normal' } as const;

/** Per grassroots organisation: decided levels and the quota of excellent, as the decisions stand. */
export function QuotaTable({ rows, rule }: { rows: QuotaTableRow[]; rule: QuotaRule }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table aria-label="Định mức theo tổ chức cơ sở đảng" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" style={HEADER}>
              Tổ chức cơ sở đảng
            </Table.Th>
            <Table.Th scope="col" style={{ whiteSpace: 'nowrap' }}>
              Xếp loại
            </Table.Th>
            <Table.Th scope="col" style={HEADER}>
              Chưa quyết định
            </Table.Th>
            {LEVELS.map((l) => (
              <Table.Th scope="col" key={l} style={{ whiteSpace: 'nowrap' }}>
                <abbr title={LEVEL_LABELS[l]}>{LEVEL_SHORT[l]}</abbr>
              </Table.Th>
            ))}
            <Table.Th scope="col" style={HEADER}>
              Định mức {LEVEL_SHORT.excellent}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.organizationId ?? ''} data-organization-id={r.organizationId ?? ''}>
              <Table.Th scope="row" fw={500}>
                {r.name}
                {r.withDrafts && (
                  <Text size="xs" c="orange.9">
                    tính cả lựa chọn chưa lưu
                  </Text>
                )}
              </Table.Th>
              <Table.Td>
                {r.classified}
                {r.notClassified > 0 && (
                  <Text span size="xs">
                    {' '}
                    (+{r.notClassified} không xếp loại)
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{r.undecided}</Table.Td>
              {LEVELS.map((l) => (
                <Table.Td key={l}>{r.decided[l]}</Table.Td>
              ))}
              <Table.Td data-testid="quota-cell">
                <Text span fw={600} data-testid="quota-figures">
                  {r.quota.excellent}/{r.quota.maxExcellent}
                </Text>{' '}
                <Badge color={r.quota.ok ? 'green' : 'red'} variant="light">
                  {r.quota.ok ? 'Trong định mức' : 'Vượt định mức'}
                </Badge>
                <Text size="xs">{quotaWords(rule, r.quota, r.exception)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
