import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import { useParams } from 'react-router';
import { useCommitment } from '../../api/queries';
import { CommitmentItemsView } from '../../components/commitment/CommitmentItemsView';
import { EditCommitment } from '../../components/commitment/EditCommitment';
import { FeedbackSection } from '../../components/commitment/FeedbackSection';
import { ReportResults } from '../../components/commitment/ReportResults';
import { Loaded, Page } from '../../components/Page';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime, formatPeriod } from '../../lib/format';
import { RATING_LABELS } from '../../lib/labels';
import { useUser } from '../../session/session';
import { ReviewActions } from '../secretary/ReviewActions';

/**
 * One commitment: the return reason and the secretary's words, the items (editable in draft and
 * returned, results once accepted), the góp ý. What the page offers follows the API's
 * `allowedActions`, so it never shows a button the service would refuse.
 */
export default function CommitmentPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const query = useCommitment(id);
  return (
    <Loaded query={query}>
      {(c) => {
        const own = c.memberId === user.memberId;
        const returned = [...c.history].reverse().find((h) => h.action === 'return');
        return (
          <Page
            title={`Cam kết ${formatPeriod(c).toLowerCase()}`}
            actions={<StatusBadge status={c.status} />}
          >
            <Group gap="xs">
              {!own && <Text fw={600}>{c.memberName}</Text>}
              {c.deadlineOn && <Text c="dimmed">Hạn đăng ký: {formatDate(c.deadlineOn)}</Text>}
              {c.late && (
                <Badge color="orange" variant="outline">
                  Nộp muộn
                </Badge>
              )}
              {c.enteredOnBehalf && <Badge variant="outline">Bí thư nhập thay</Badge>}
            </Group>
            {c.status === 'returned' && returned && (
              <Alert color="orange" title="Lý do trả lại" role="note">
                <Text style={{ whiteSpace: 'pre-wrap' }}>{returned.reason}</Text>
                <Text size="sm" c="dimmed" mt={4}>
                  {returned.actorUsername ? `${returned.actorUsername}, ` : ''}
                  {formatDateTime(returned.at)}
                </Text>
              </Alert>
            )}
            {c.reviewComment && ['accepted', 'reported', 'assessed'].includes(c.status) && (
              <Alert color="green" title="Nhận xét khi chấp nhận">
                {c.reviewComment}
              </Alert>
            )}
            {c.status === 'assessed' && (
              <Alert color="grape" title={`Đánh giá: ${c.rating ? RATING_LABELS[c.rating] : ''}`}>
                <Stack gap={4}>
                  {c.assessmentComment && <Text>{c.assessmentComment}</Text>}
                  {c.shortcomings.length > 0 && (
                    <>
                      <Text fw={600}>Hạn chế, khuyết điểm:</Text>
                      <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
                        {c.shortcomings.map((s) => (
                          <li key={s}>{s}</li>
                        ))}
                      </ul>
                    </>
                  )}
                </Stack>
              </Alert>
            )}
            {c.allowedActions.includes('edit') ? (
              <EditCommitment key={c.id} view={c} />
            ) : c.allowedActions.includes('report') ? (
              <ReportResults key={`${c.id}-${c.version}`} view={c} />
            ) : (
              <CommitmentItemsView items={c.items} />
            )}
            <ReviewActions key={`review-${c.id}-${c.version}`} view={c} />
            <FeedbackSection commitmentId={c.id} canGive={!own || c.status !== 'draft'} />
          </Page>
        );
      }}
    </Loaded>
  );
}
