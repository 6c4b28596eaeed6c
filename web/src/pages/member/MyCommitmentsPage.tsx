import { Button, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMemberCommitments } from '../../api/queries';
import { CommitmentLine } from '../../components/CommitmentLine';
import { Loaded, Page } from '../../components/Page';
import { vnToday } from '../../lib/format';
import { useUser } from '../../session/session';

const GROUPS = [
  { periodType: 'yearly', title: 'Cam kết năm' },
  { periodType: 'quarterly', title: 'Cam kết quý' },
  { periodType: 'monthly', title: 'Cam kết tháng' },
] as const;

/** `Cam kết của tôi`: the person's commitments of a year, every period, newest period first. */
export default function MyCommitmentsPage() {
  const user = useUser();
  const thisYear = Number(vnToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const query = useMemberCommitments(user.memberId, year);
  const years = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3];

  return (
    <Page
      title="Cam kết của tôi"
      actions={
        <Button component={Link} to={`/cam-ket/moi?nam=${year}`}>
          Đăng ký cam kết mới
        </Button>
      }
    >
      <NativeSelect
        label="Năm"
        value={String(year)}
        onChange={(e) => setYear(Number(e.currentTarget.value))}
        data={years.map(String)}
        maw={200}
      />
      <Loaded query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <Text>Năm {year} bạn chưa có bản cam kết nào.</Text>
          ) : (
            <Stack gap="lg">
              {GROUPS.map((g) => {
                const items = data.items
                  .filter((c) => c.periodType === g.periodType)
                  .sort((a, b) => (b.periodIndex ?? 0) - (a.periodIndex ?? 0));
                if (items.length === 0) return null;
                return (
                  <Stack key={g.periodType} gap="xs" component="section" aria-label={g.title}>
                    <Title order={2} size="h4">
                      {g.title}
                    </Title>
                    {items.map((c) => (
                      <CommitmentLine key={c.id} commitment={c} />
                    ))}
                  </Stack>
                );
              })}
            </Stack>
          )
        }
      </Loaded>
    </Page>
  );
}
