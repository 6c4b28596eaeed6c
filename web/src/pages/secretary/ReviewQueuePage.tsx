import { Button, Card, Checkbox, Group, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useWorkQueue } from '../../api/queries';
import { CommitmentLine } from '../../components/CommitmentLine';
import { FormError } from '../../components/FormError';
import { notifyDone } from '../../components/notify';
import { Loaded, Page } from '../../components/Page';
import { ExplainedError, explainError, unwrap } from '../../lib/errors';
import { formatDateTime, formatNumber, formatPeriod, PeriodType, vnToday } from '../../lib/format';
import { useReviewWrites } from './useReviewWrites';
import { useSecretaryCell } from './useSecretaryCell';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Title order={2} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/**
 * `Duyệt cam kết`: the bí thư's queue. Submitted commitments to accept (one by one from their page,
 * or several at once here), reported ones to assess, and the members of the cell who have not yet
 * registered for a period, each with `Nhập thay` for a member without a device.
 */
export default function ReviewQueuePage() {
  const queue = useWorkQueue();
  const writes = useReviewWrites();
  const [selected, setSelected] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ExplainedError | null>(null);

  async function acceptSelected() {
    setBusy(true);
    setError(null);
    try {
      const answer = await writes.acceptMany({
        ids: selected,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      notifyDone(`Đã chấp nhận ${formatNumber(answer.accepted)} bản cam kết.`);
      setSelected([]);
      setComment('');
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="Duyệt cam kết">
      <Loaded query={queue}>
        {(q) => (
          <Stack gap="lg">
            <Section title={`Chờ duyệt (${formatNumber(q.counts.toReview)})`}>
              {q.toReview.length === 0 && <Text>Không có bản cam kết nào chờ duyệt.</Text>}
              {q.toReview.length > 0 && (
                <Checkbox
                  label="Chọn tất cả"
                  checked={selected.length === q.toReview.length}
                  indeterminate={selected.length > 0 && selected.length < q.toReview.length}
                  onChange={(e) => setSelected(e.currentTarget.checked ? q.toReview.map((c) => c.id) : [])}
                  styles={{ body: { minHeight: 44, alignItems: 'center' } }}
                />
              )}
              {q.toReview.map((c) => (
                <Group key={c.id} wrap="nowrap" align="stretch" gap="xs">
                  <Checkbox
                    aria-label={`Chọn: ${c.memberName}, ${formatPeriod(c).toLowerCase()}`}
                    checked={selected.includes(c.id)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setSelected((s) => (on ? [...s, c.id] : s.filter((id) => id !== c.id)));
                    }}
                    styles={{
                      body: { minHeight: 44, minWidth: 44, alignItems: 'center', justifyContent: 'center' },
                    }}
                  />
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <CommitmentLine
                      commitment={c}
                      showMember
                      hint={
                        c.submittedAt && (
                          <Text size="sm" c="dimmed">
                            Gửi lúc {formatDateTime(c.submittedAt)}
                          </Text>
                        )
                      }
                    />
                  </div>
                </Group>
              ))}
              {selected.length > 0 && (
                <Card withBorder padding="sm">
                  <Stack gap="sm">
                    <FormError error={error} shown={['comment']} />
                    <Textarea
                      label="Nhận xét chung (không bắt buộc)"
                      value={comment}
                      onChange={(e) => setComment(e.currentTarget.value)}
                      maxLength={2000}
                      autosize
                      minRows={2}
                      error={error?.fields.comment}
                    />
                    <Button
                      color="green"
                      loading={busy}
                      onClick={() => void acceptSelected()}
                      w="fit-content"
                    >
                      {`Chấp nhận ${formatNumber(selected.length)} bản đã chọn`}
                    </Button>
                  </Stack>
                </Card>
              )}
            </Section>
            <Section title={`Chờ đánh giá kết quả (${formatNumber(q.counts.toAssess)})`}>
              {q.toAssess.length === 0 && <Text>Không có bản cam kết nào chờ đánh giá.</Text>}
              {q.toAssess.map((c) => (
                <CommitmentLine
                  key={c.id}
                  commitment={c}
                  showMember
                  hint={
                    c.reportedAt && (
                      <Text size="sm" c="dimmed">
                        Báo cáo kết quả lúc {formatDateTime(c.reportedAt)}
                      </Text>
                    )
                  }
                />
              ))}
            </Section>
            <MissingSection />
          </Stack>
        )}
      </Loaded>
    </Page>
  );
}

const PERIODS: { value: PeriodType; label: string }[] = [
  { value: 'monthly', label: 'Tháng' },
  { value: 'quarterly', label: 'Quý' },
  { value: 'yearly', label: 'Năm' },
];

/** The members of the cell without an accepted (or later) commitment for a period (GET /api/commitments/missing). */
function MissingSection() {
  const today = vnToday();
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const { cells, cellId } = useSecretaryCell();
  const [periodType, setPeriodType] = useState<PeriodType>('monthly');
  const [periodIndex, setPeriodIndex] = useState(month);
  const missing = useQuery({
    queryKey: ['commitments', 'missing', { cellId, year, periodType, periodIndex }],
    enabled: cellId !== null,
    queryFn: () =>
      unwrap(
        api.GET('/api/commitments/missing', {
          params: {
            query: {
              organizationId: cellId!,
              year,
              periodType,
              ...(periodType === 'yearly' ? {} : { periodIndex }),
              pageSize: 200,
            },
          },
        }),
      ),
  });
  if (cells.length === 0) return null;
  const indexes = periodType === 'quarterly' ? [1, 2, 3, 4] : Array.from({ length: 12 }, (_, i) => i + 1);
  const periodLabel = formatPeriod({ year, periodType, periodIndex }).toLowerCase();
  return (
    <Section title="Đảng viên chưa đăng ký">
      <Group gap="sm" align="flex-end">
        <NativeSelect
          label="Loại kỳ"
          value={periodType}
          onChange={(e) => {
            const t = e.currentTarget.value as PeriodType;
            setPeriodType(t);
            setPeriodIndex(t === 'quarterly' ? Math.ceil(month / 3) : month);
          }}
          data={PERIODS}
        />
        {periodType !== 'yearly' && (
          <NativeSelect
            label={periodType === 'quarterly' ? 'Quý' : 'Tháng'}
            value={String(periodIndex)}
            onChange={(e) => setPeriodIndex(Number(e.currentTarget.value))}
            data={indexes.map(String)}
          />
        )}
      </Group>
      <Loaded query={missing}>
        {(m) =>
          m.items.length === 0 ? (
            <Text>Mọi đảng viên của chi bộ đã đăng ký cam kết {periodLabel}.</Text>
          ) : (
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                {formatNumber(m.total)} đảng viên chưa có bản cam kết {periodLabel} được chấp nhận.
              </Text>
              {m.items.map((p) => (
                <Card key={p.memberId} withBorder padding="sm">
                  <Group justify="space-between" gap="xs">
                    <Text fw={600}>{p.fullName}</Text>
                    <Button
                      variant="light"
                      component={Link}
                      aria-label={`Nhập thay cho ${p.fullName}`}
                      to={`/cam-ket/moi?nam=${year}&ky=${periodType}${periodType === 'yearly' ? '' : `&so=${periodIndex}`}&thanhVien=${p.memberId}&ten=${encodeURIComponent(p.fullName)}`}
                    >
                      Nhập thay
                    </Button>
                  </Group>
                </Card>
              ))}
            </Stack>
          )
        }
      </Loaded>
    </Section>
  );
}
