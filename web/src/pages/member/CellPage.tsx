import { NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { CommitmentLine } from '../../components/CommitmentLine';
import { Loaded, Page } from '../../components/Page';
import { unwrap } from '../../lib/errors';
import { vnToday } from '../../lib/format';
import { useUser } from '../../session/session';

/** Published (công khai) statuses: what a cell mate may read and comment on (API.md). */
const PUBLISHED = new Set(['accepted', 'reported', 'assessed']);

/**
 * `Chi bộ`: the published commitments of the member's cell mates for a year, by person. Each opens
 * the commitment page, where the member reads the items and gives góp ý.
 */
export default function CellPage() {
  const user = useUser();
  const thisYear = Number(vnToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const query = useQuery({
    queryKey: ['commitments', 'list', { cellMates: true, year }],
    // The member's scope is their own commitments plus the published ones of their current cell.
    queryFn: () => unwrap(api.GET('/api/commitments', { params: { query: { year, pageSize: 200 } } })),
  });
  const years = [thisYear, thisYear - 1, thisYear - 2];

  return (
    <Page title="Chi bộ">
      <Text>Cam kết đã được chấp nhận của các đồng chí trong chi bộ. Mở một bản để đọc và góp ý.</Text>
      <NativeSelect
        label="Năm"
        value={String(year)}
        onChange={(e) => setYear(Number(e.currentTarget.value))}
        data={years.map(String)}
        maw={200}
      />
      <Loaded query={query}>
        {(data) => {
          const mates = data.items.filter((c) => c.memberId !== user.memberId && PUBLISHED.has(c.status));
          if (mates.length === 0)
            return <Text>Năm {year} chưa có bản cam kết nào của đồng chí khác được công khai.</Text>;
          const byMember = new Map<string, typeof mates>();
          for (const c of mates) byMember.set(c.memberName, [...(byMember.get(c.memberName) ?? []), c]);
          const names = [...byMember.keys()].sort((a, b) => a.localeCompare(b, 'vi'));
          return (
            <Stack gap="lg">
              {names.map((name) => (
                <Stack key={name} gap="xs" component="section" aria-label={name}>
                  <Title order={2} size="h4">
                    {name}
                  </Title>
                  {byMember
                    .get(name)!
                    .sort((a, b) => periodOrder(a) - periodOrder(b))
                    .map((c) => (
                      <CommitmentLine key={c.id} commitment={c} />
                    ))}
                </Stack>
              ))}
            </Stack>
          );
        }}
      </Loaded>
    </Page>
  );
}

/** The year first, then quarters, then months, newest first within each. */
function periodOrder(c: { periodType: string; periodIndex: number | null }): number {
  if (c.periodType === 'yearly') return 0;
  if (c.periodType === 'quarterly') return 100 - (c.periodIndex ?? 0);
  return 1000 - (c.periodIndex ?? 0);
}
