import { Button, Group, Paper, Radio, Stack, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import type { Schemas } from '../../api/client';
import { FormError } from '../../components/FormError';
import { notifyDone } from '../../components/notify';
import { ExplainedError, explainError } from '../../lib/errors';
import { RATING_LABELS } from '../../lib/labels';
import { useReviewWrites } from './useReviewWrites';

type View = Schemas['CommitmentView'];
type Rating = Schemas['AssessCommitmentDto']['rating'];
const RATINGS: Rating[] = ['achieved', 'partly_achieved', 'not_achieved'];

/**
 * What the cell's bí thư does with a commitment that waits for them: `Chấp nhận` or `Trả lại` (with
 * `Lý do`) a submitted one, `Đánh giá` a reported one. Shown only for the actions the API lists in
 * `allowedActions`, so nobody is offered a review of their own record. What was typed stays when the
 * API refuses (a 409 when someone else acted first).
 */
export function ReviewActions({ view }: { view: View }) {
  const writes = useReviewWrites();
  const can = (a: View['allowedActions'][number]) => view.allowedActions.includes(a);
  const [comment, setComment] = useState('');
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [rating, setRating] = useState<Rating | ''>('');
  const [assessComment, setAssessComment] = useState('');
  const [shortcomings, setShortcomings] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ExplainedError | null>(null);

  if (!can('accept') && !can('return') && !can('assess')) return null;

  async function run(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
      notifyDone(done);
      setReturning(false);
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  const shown = ['comment', 'reason', 'rating', 'shortcomings'];
  const fieldError = (f: string) => error?.fields[f];

  return (
    <Paper withBorder p="sm" component="section" aria-label="Ý kiến của bí thư chi bộ">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {can('assess') ? 'Đánh giá kết quả' : 'Duyệt bản cam kết'}
        </Title>
        <FormError error={error} shown={shown} />
        {(can('accept') || can('return')) && !returning && (
          <>
            <Textarea
              label="Nhận xét (không bắt buộc)"
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={2000}
              error={fieldError('comment')}
            />
            <Group gap="sm">
              {can('accept') && (
                <Button
                  color="green"
                  loading={busy}
                  onClick={() =>
                    void run(
                      () =>
                        writes.accept(view.id, {
                          version: view.version,
                          ...(comment.trim() ? { comment: comment.trim() } : {}),
                        }),
                      'Đã chấp nhận bản cam kết.',
                    )
                  }
                >
                  Chấp nhận
                </Button>
              )}
              {can('return') && (
                <Button color="orange" variant="light" disabled={busy} onClick={() => setReturning(true)}>
                  Trả lại
                </Button>
              )}
            </Group>
          </>
        )}
        {returning && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run(
                () => writes.returnWithReason(view.id, { version: view.version, reason: reason.trim() }),
                'Đã trả lại bản cam kết cho đảng viên.',
              );
            }}
          >
            <Stack gap="sm">
              <Textarea
                label="Lý do"
                description="Đảng viên đọc lý do này để sửa và gửi lại."
                required
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                autosize
                minRows={3}
                maxLength={2000}
                error={fieldError('reason')}
                data-autofocus
              />
              <Group gap="sm">
                <Button type="submit" color="orange" loading={busy} disabled={reason.trim() === ''}>
                  Trả lại
                </Button>
                <Button variant="default" disabled={busy} onClick={() => setReturning(false)}>
                  Hủy
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {can('assess') && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!rating) return;
              const lines = shortcomings
                .split('\n')
                .map((s) => s.trim())
                .filter(Boolean);
              void run(
                () =>
                  writes.assess(view.id, {
                    version: view.version,
                    rating,
                    ...(assessComment.trim() ? { comment: assessComment.trim() } : {}),
                    ...(lines.length ? { shortcomings: lines } : {}),
                  }),
                'Đã đánh giá kết quả thực hiện cam kết.',
              );
            }}
          >
            <Stack gap="sm">
              <Radio.Group
                label="Mức đạt được"
                required
                value={rating}
                onChange={(v) => setRating(v)}
                error={fieldError('rating')}
              >
                <Group gap="md" mt={4}>
                  {RATINGS.map((r) => (
                    <Radio
                      key={r}
                      value={r}
                      label={RATING_LABELS[r]}
                      styles={{ body: { minHeight: 44, alignItems: 'center' } }}
                    />
                  ))}
                </Group>
              </Radio.Group>
              <Textarea
                label="Nhận xét"
                value={assessComment}
                onChange={(e) => setAssessComment(e.currentTarget.value)}
                autosize
                minRows={2}
                maxLength={2000}
              />
              <Textarea
                label="Hạn chế, khuyết điểm (mỗi dòng một ý; được đưa vào phần khắc phục năm sau)"
                value={shortcomings}
                onChange={(e) => setShortcomings(e.currentTarget.value)}
                autosize
                minRows={2}
                error={fieldError('shortcomings')}
              />
              <Button type="submit" loading={busy} disabled={!rating} w="fit-content">
                Đánh giá
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
