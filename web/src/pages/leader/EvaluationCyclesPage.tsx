import { Badge, Button, Card, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { FormError } from '../../components/FormError';
import { notifyDone } from '../../components/notify';
import { Loaded, Page } from '../../components/Page';
import { ExplainedError, explainError, unwrap } from '../../lib/errors';
import { formatDateTime, vnToday } from '../../lib/format';
import { cycleOrganizations, organizationNames, useOrganizationTree } from './evaluation/organizations';

/**
 * `Đánh giá cuối năm` for the cấp ủy: the evaluation cycles in reach, and opening a new one for a
 * grassroots organisation (or a committee above) and a year. Each cycle opens its own page.
 */
export default function EvaluationCyclesPage() {
  const tree = useOrganizationTree();
  const cycles = useQuery({
    queryKey: ['evaluation-cycles', 'list'],
    queryFn: () => unwrap(api.GET('/api/evaluation-cycles', { params: { query: { pageSize: 100 } } })),
  });
  const names = organizationNames(tree.data ?? []);
  return (
    <Page title="Đánh giá cuối năm">
      <OpenCycle />
      <Stack gap="xs" component="section" aria-labelledby="cycles-title">
        <Title order={2} size="h4" id="cycles-title">
          Các đợt đánh giá, xếp loại
        </Title>
        <Loaded query={cycles}>
          {(data) =>
            data.items.length === 0 ? (
              <Text>Chưa có đợt đánh giá nào.</Text>
            ) : (
              <Stack gap="xs">
                {data.items.map((c) => (
                  <Card
                    key={c.id}
                    withBorder
                    padding="sm"
                    component={Link}
                    to={`/danh-gia/${c.id}`}
                    className="card-link"
                  >
                    <Group justify="space-between" gap="xs">
                      <Stack gap={0} style={{ minWidth: 0 }}>
                        <Text fw={600}>
                          Năm {c.year}: {names.get(c.organizationId) ?? 'Tổ chức'}
                        </Text>
                        <Text size="sm">
                          {c.generatedAt
                            ? `Lập danh sách lúc ${formatDateTime(c.generatedAt)}`
                            : 'Chưa lập danh sách đánh giá'}
                        </Text>
                      </Stack>
                      <Badge color={c.locked ? 'gray' : 'green'} variant="light">
                        {c.locked ? 'Đã chốt' : 'Đang mở'}
                      </Badge>
                    </Group>
                  </Card>
                ))}
              </Stack>
            )
          }
        </Loaded>
      </Stack>
    </Page>
  );
}

/** POST /api/evaluation-cycles: the organisation and the year; the new cycle's page opens. */
function OpenCycle() {
  const tree = useOrganizationTree();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const thisYear = Number(vnToday().slice(0, 4));
  const [organizationId, setOrganizationId] = useState('');
  const [year, setYear] = useState(thisYear);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);
  const choices = cycleOrganizations(tree.data ?? []);

  async function open() {
    setBusy(true);
    try {
      const cycle = await unwrap(api.POST('/api/evaluation-cycles', { body: { organizationId, year } }));
      notifyDone(`Đã mở đợt đánh giá, xếp loại năm ${cycle.year}.`);
      void queryClient.invalidateQueries({ queryKey: ['evaluation-cycles'] });
      void navigate(`/danh-gia/${cycle.id}`);
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="open-cycle-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void open();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="open-cycle-title">
            Mở đợt đánh giá
          </Title>
          <Text size="sm">
            Chọn tổ chức cơ sở đảng (hoặc đảng bộ cấp trên) và năm; sau đó lập danh sách để có mức gợi ý cho
            từng đảng viên.
          </Text>
          <FormError error={error} shown={['organizationId', 'year']} />
          <Group align="flex-end" gap="sm">
            <NativeSelect
              label="Tổ chức"
              value={organizationId}
              onChange={(e) => setOrganizationId(e.currentTarget.value)}
              data={[
                { value: '', label: 'Chọn tổ chức' },
                ...choices.map((c) => ({ value: c.id, label: `${'\u00a0\u00a0'.repeat(c.depth)}${c.name}` })),
              ]}
              error={error?.fields.organizationId}
              style={{ flex: '1 1 18rem' }}
            />
            <NativeSelect
              label="Năm"
              value={String(year)}
              onChange={(e) => setYear(Number(e.currentTarget.value))}
              data={[thisYear, thisYear - 1].map(String)}
              error={error?.fields.year}
              w={120}
            />
            <Button type="submit" loading={busy}>
              Mở đợt đánh giá
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
