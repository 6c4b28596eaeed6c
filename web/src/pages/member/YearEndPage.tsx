import { Alert, Button, Card, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, authFetch, Schemas } from '../../api/client';
import { EvaluationReasons } from '../../components/EvaluationReasons';
import { FormError } from '../../components/FormError';
import { notifyDone } from '../../components/notify';
import { Loaded, Page } from '../../components/Page';
import { ExplainedError, explainError, NetworkError, toApiError, unwrap } from '../../lib/errors';
import { formatDateTime, vnToday } from '../../lib/format';
import { LEVEL_LABELS } from '../../lib/labels';
import { useUser } from '../../session/session';

type Level = 'excellent' | 'good' | 'complete' | 'incomplete';
type Evaluation = Schemas['EvaluationView'];

/**
 * `Kiểm điểm cuối năm`, the member's year end: the link to the self-check against the 27, the bản tự
 * kiểm điểm with a self-assessed level while their evaluation's cycle is open, and their own bản kiểm
 * điểm (DOCX) of a year.
 */
export default function YearEndPage() {
  const user = useUser();
  const memberId = user.memberId!;
  const evaluations = useQuery({
    queryKey: ['evaluations', 'own', memberId],
    queryFn: () => unwrap(api.GET('/api/evaluations', { params: { query: { memberId, pageSize: 50 } } })),
  });
  return (
    <Page title="Kiểm điểm cuối năm">
      <Card withBorder padding="sm">
        <Stack gap="xs">
          <Title order={2} size="h4">
            Tự kiểm tra 27 biểu hiện
          </Title>
          <Text>Trước khi kiểm điểm, đối chiếu bản thân với 27 biểu hiện suy thoái.</Text>
          <Button component={Link} to="/tu-kiem-tra" variant="light" w="fit-content">
            Mở bản tự kiểm tra
          </Button>
        </Stack>
      </Card>
      <Loaded query={evaluations}>
        {(data) => {
          const open = data.items
            .filter((e) => !e.locked)
            .sort((a, b) => b.generatedAt.localeCompare(a.generatedAt))[0];
          return open ? (
            <SelfAssessment key={open.id} evaluation={open} />
          ) : (
            <Text>Hiện chưa có đợt đánh giá, xếp loại nào đang mở cho đồng chí.</Text>
          );
        }}
      </Loaded>
      <ReviewDownload memberId={memberId} />
    </Page>
  );
}

/** POST /api/evaluations/:id/self-assessment: what the member typed stays on a refusal or a 409. */
function SelfAssessment({ evaluation }: { evaluation: Evaluation }) {
  const queryClient = useQueryClient();
  const saved = evaluation.selfAssessment;
  const [level, setLevel] = useState<Level | ''>(saved?.level ?? '');
  const [summary, setSummary] = useState(saved?.summary ?? '');
  const [strengths, setStrengths] = useState(saved?.strengths ?? '');
  const [shortcomings, setShortcomings] = useState(saved?.shortcomings ?? '');
  const [version, setVersion] = useState(evaluation.version);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);
  const [at, setAt] = useState(saved?.at ?? null);
  const open = evaluation.status === 'pending' || evaluation.status === 'self_assessed';

  async function submit() {
    setBusy(true);
    try {
      const answer = await unwrap(
        api.POST('/api/evaluations/{id}/self-assessment', {
          params: { path: { id: evaluation.id } },
          body: {
            level: level as Level,
            summary: summary.trim(),
            ...(strengths.trim() ? { strengths: strengths.trim() } : {}),
            ...(shortcomings.trim() ? { shortcomings: shortcomings.trim() } : {}),
            version,
          },
        }),
      );
      setError(null);
      setVersion(answer.version);
      setAt(answer.selfAssessment?.at ?? null);
      notifyDone('Đã gửi bản tự đánh giá.');
      void queryClient.invalidateQueries({ queryKey: ['evaluations'] });
    } catch (err) {
      const explained = explainError(err);
      setError(explained);
      if (explained.conflict) {
        // Keep the words; take the newer version so the next send goes on top of it.
        const fresh = await unwrap(
          api.GET('/api/evaluations/{id}', { params: { path: { id: evaluation.id } } }),
        ).catch(() => null);
        if (fresh) setVersion(fresh.version);
      }
    } finally {
      setBusy(false);
    }
  }

  if (evaluation.status === 'not_classified')
    return (
      <Stack gap="xs">
        <Text>Năm nay đồng chí thuộc diện không xếp loại.</Text>
        <EvaluationReasons reasons={evaluation.reasons} />
      </Stack>
    );
  return (
    <Stack gap="sm" component="section" aria-labelledby="self-assessment-title">
      <Title order={2} size="h4" id="self-assessment-title">
        Tự đánh giá, xếp loại
      </Title>
      {evaluation.suggestedLevel && (
        <>
          <Text>
            Mức gợi ý theo dữ liệu cả năm: <strong>{LEVEL_LABELS[evaluation.suggestedLevel]}</strong>
          </Text>
          <EvaluationReasons reasons={evaluation.reasons} />
        </>
      )}
      {at && (
        <Alert color="green" role="status">
          Đã tự đánh giá lúc {formatDateTime(at)}.
        </Alert>
      )}
      {!open && <Text>Chi bộ đã đề xuất mức xếp loại; bản tự đánh giá không sửa được nữa.</Text>}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <FormError error={error} shown={['level', 'summary', 'strengths', 'shortcomings']} />
          <NativeSelect
            label="Tự xếp loại"
            value={level}
            onChange={(e) => setLevel(e.currentTarget.value as Level)}
            data={[
              { value: '', label: 'Chọn mức xếp loại' },
              ...Object.entries(LEVEL_LABELS).map(([value, label]) => ({ value, label })),
            ]}
            error={error?.fields.level}
            disabled={!open}
          />
          <Textarea
            label="Bản tự kiểm điểm"
            description="Tóm tắt ưu điểm, kết quả thực hiện cam kết trong năm."
            minRows={4}
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
            error={error?.fields.summary}
            disabled={!open}
          />
          <Textarea
            label="Ưu điểm"
            minRows={2}
            value={strengths}
            onChange={(e) => setStrengths(e.currentTarget.value)}
            error={error?.fields.strengths}
            disabled={!open}
          />
          <Textarea
            label="Hạn chế, khuyết điểm"
            minRows={2}
            value={shortcomings}
            onChange={(e) => setShortcomings(e.currentTarget.value)}
            error={error?.fields.shortcomings}
            disabled={!open}
          />
          {open && (
            <Button type="submit" loading={busy} w="fit-content">
              Gửi tự đánh giá
            </Button>
          )}
        </Stack>
      </form>
    </Stack>
  );
}

/** GET /api/reports/members/:id/review (DOCX): fetched with the session, then saved as a file. */
function ReviewDownload({ memberId }: { memberId: string }) {
  const thisYear = Number(vnToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);

  async function download() {
    setBusy(true);
    try {
      const url = `/api/reports/members/${memberId}/review?year=${year}`;
      const res = await authFetch(new Request(new URL(url, window.location.origin))).catch(() => {
        throw new NetworkError();
      });
      if (!res.ok) throw toApiError(res.status, await res.json().catch(() => null));
      const blob = await res.blob();
      const href = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = href;
      a.download = `ban-kiem-diem-${year}.docx`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
      setError(null);
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="sm" component="section" aria-labelledby="review-title">
      <Title order={2} size="h4" id="review-title">
        Bản kiểm điểm
      </Title>
      <Text>Bản kiểm điểm cá nhân của năm (kèm cam kết năm sau), tệp Word để in và ký.</Text>
      <FormError error={error} shown={['year']} />
      <NativeSelect
        label="Năm kiểm điểm"
        value={String(year)}
        onChange={(e) => setYear(Number(e.currentTarget.value))}
        data={[thisYear, thisYear - 1, thisYear - 2].map(String)}
        error={error?.fields.year}
        maw={200}
      />
      <Button onClick={() => void download()} loading={busy} w="fit-content">
        Tải bản kiểm điểm (DOCX)
      </Button>
    </Stack>
  );
}
