import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { ReactNode } from 'react';
import { Link } from 'react-router';
import { useNotifications, useWorkQueue } from '../../api/queries';
import { CommitmentLine } from '../../components/CommitmentLine';
import { Loaded, Page } from '../../components/Page';
import { formatDate, formatNumber, formatPeriod } from '../../lib/format';
import { hasRole, isMember } from '../../lib/roles';
import { useUser } from '../../session/session';

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

/** `Việc cần làm`: what the person owes and what waits for them, from the work list of the API. */
export default function HomePage() {
  const user = useUser();
  const queue = useWorkQueue();
  const unread = useNotifications(true);
  const member = isMember(user);

  return (
    <Page title="Việc cần làm">
      {unread.data && unread.data.unread > 0 && (
        <Alert color="blue" title={`Bạn có ${formatNumber(unread.data.unread)} thông báo mới`}>
          <Button component={Link} to="/thong-bao" variant="light" mt="xs">
            Xem thông báo
          </Button>
        </Alert>
      )}
      <Loaded query={queue}>
        {(q) => {
          const nothing =
            q.toRegister.length + q.toResubmit.length + q.drafts.length + q.toReport.length === 0 &&
            q.counts.toReview + q.counts.toAssess === 0;
          return (
            <Stack gap="lg">
              {nothing && <Text>Hiện bạn không có việc nào cần làm. Cảm ơn đồng chí!</Text>}
              {q.toResubmit.length > 0 && (
                <Section title="Bị trả lại: sửa và gửi lại">
                  {q.toResubmit.map((c) => (
                    <CommitmentLine key={c.id} commitment={c} />
                  ))}
                </Section>
              )}
              {q.toRegister.length > 0 && (
                <Section title="Cần đăng ký">
                  {q.toRegister.map((p) => (
                    <Card key={`${p.periodType}-${p.periodIndex}`} withBorder padding="sm">
                      <Group justify="space-between" gap="xs">
                        <Stack gap={0}>
                          <Text fw={600}>Cam kết {formatPeriod(p).toLowerCase()}</Text>
                          <Text size="sm" c="dimmed">
                            Hạn đăng ký: {formatDate(p.deadlineOn)}
                          </Text>
                        </Stack>
                        <Button
                          component={Link}
                          to={`/cam-ket/moi?nam=${p.year}&ky=${p.periodType}${p.periodIndex ? `&so=${p.periodIndex}` : ''}`}
                        >
                          Đăng ký
                        </Button>
                      </Group>
                    </Card>
                  ))}
                </Section>
              )}
              {q.drafts.length > 0 && (
                <Section title="Bản nháp chưa gửi duyệt">
                  {q.drafts.map((c) => (
                    <CommitmentLine key={c.id} commitment={c} />
                  ))}
                </Section>
              )}
              {q.toReport.length > 0 && (
                <Section title="Cần báo cáo kết quả">
                  {q.toReport.map((c) => (
                    <CommitmentLine key={c.id} commitment={c} />
                  ))}
                </Section>
              )}
              {hasRole(user, 'secretary') && (
                <Section title="Chờ bí thư xử lý">
                  <Text>
                    {formatNumber(q.counts.toReview)} bản cam kết chờ duyệt, {formatNumber(q.counts.toAssess)}{' '}
                    bản đã báo cáo kết quả chờ đánh giá.
                  </Text>
                </Section>
              )}
              {member && (
                <Button component={Link} to="/cam-ket" variant="light" w="fit-content">
                  Xem tất cả cam kết của tôi
                </Button>
              )}
            </Stack>
          );
        }}
      </Loaded>
    </Page>
  );
}
