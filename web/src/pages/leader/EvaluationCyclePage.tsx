import {
  Alert,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  List,
  NativeSelect,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient, UseQueryResult } from '@tanstack/react-query';
import { Dispatch, useMemo, useReducer, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, Schemas } from '../../api/client';
import type { paths } from '../../api/schema';
import { FormError } from '../../components/FormError';
import { notifyDone } from '../../components/notify';
import { Loaded, Page } from '../../components/Page';
import { ApiError, ExplainedError, explainError, unwrap } from '../../lib/errors';
import { formatDateTime, formatNumber } from '../../lib/format';
import { LEVEL_LABELS } from '../../lib/labels';
import { UNVERIFIED_TEXT } from '../../lib/manifestations';
import {
  DraftAction,
  draftsReducer,
  DraftState,
  EMPTY_DRAFTS,
  EVALUATION_STATUS_LABELS,
  LEVEL_KEYS,
  LEVEL_SHORT,
  needsComment,
  NOT_CLASSIFIED_LABELS,
  refusal,
} from './evaluation/decisions';
import { DecisionTable, DecisionTableRow } from './evaluation/DecisionTable';
import { organizationNames, useOrganizationTree } from './evaluation/organizations';
import {
  Blocker,
  blockersFromDetails,
  blockerWords,
  DecisionRow,
  Level,
  LEVELS,
  organizationStandings,
  QuotaRule,
} from './evaluation/quota';
import { QuotaExceptionForm } from './evaluation/QuotaExceptionForm';
import { QuotaTable, QuotaTableRow } from './evaluation/QuotaTable';

type Evaluation = Schemas['EvaluationView'];
type Summary = {
  organizationId: string | null;
  organizationName: string | null;
  members: number;
  notClassified: number;
  undecided: number;
  decided: Record<string, number>;
  quota: { excellent: number; good: number; maxExcellent: number; ok: boolean };
  quotaException: { decisionNumber: string; decidedOn: string; maxExcellent: number } | null;
};

const cycleKey = (id: string) => ['evaluation-cycles', 'one', id] as const;

/** Every evaluation of one grassroots organisation in the cycle (pages of 200). */
async function loadEvaluations(cycleId: string, organizationId: string): Promise<Evaluation[]> {
  const all: Evaluation[] = [];
  for (let page = 1; ; page++) {
    const answer = await unwrap(
      api.GET('/api/evaluations', { params: { query: { cycleId, organizationId, page, pageSize: 200 } } }),
    );
    all.push(...answer.items);
    if (all.length >= answer.total || answer.items.length === 0) return all;
  }
}

/**
 * One evaluation cycle for the cấp ủy: generate the suggestions, decide levels in the keyboard table
 * with the quota per grassroots organisation recomputed as the choices change, finalize (a refusal
 * lists the organisations and rules that block it, in words), reopen with a reason.
 */
export default function EvaluationCyclePage() {
  const { id = '' } = useParams();
  const cycle = useQuery({
    queryKey: cycleKey(id),
    queryFn: () => unwrap(api.GET('/api/evaluation-cycles/{id}', { params: { path: { id } } })),
  });
  return (
    <Page title="Đánh giá cuối năm" wide>
      <Button component={Link} to="/danh-gia" variant="subtle" w="fit-content" px={0}>
        ← Các đợt đánh giá
      </Button>
      <Loaded query={cycle}>{(c) => <Cycle cycle={c} />}</Loaded>
    </Page>
  );
}

type CycleAnswer =
  paths['/api/evaluation-cycles/{id}']['get']['responses'][200]['content']['application/json'];

function Cycle({ cycle }: { cycle: CycleAnswer }) {
  const tree = useOrganizationTree();
  const names = organizationNames(tree.data ?? []);
  const queryClient = useQueryClient();
  const summary = cycle.summary as Summary[];
  const rule: QuotaRule = cycle.ruleSet.quota;
  const [chosenOrg, setChosenOrg] = useState<string | null>(null);
  const orgId = chosenOrg ?? summary[0]?.organizationId ?? null;
  const [blockers, setBlockers] = useState<Blocker[] | null>(null);
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState<'generate' | 'finalize' | null>(null);
  const [drafts, dispatch] = useReducer(draftsReducer, EMPTY_DRAFTS);
  const unsaved = Object.keys(drafts.levels).length;

  const evaluations = useQuery({
    queryKey: ['evaluations', 'cycle', cycle.id, orgId],
    enabled: orgId !== null,
    queryFn: () => loadEvaluations(cycle.id, orgId!),
  });

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['evaluation-cycles'] });
    void queryClient.invalidateQueries({ queryKey: ['evaluations', 'cycle', cycle.id] });
  };

  async function generate() {
    setBusy('generate');
    try {
      const answer = await unwrap(
        api.POST('/api/evaluation-cycles/{id}/generate', { params: { path: { id: cycle.id } } }),
      );
      setError(null);
      setBlockers(null);
      notifyDone(
        `Đã lập danh sách ${formatNumber(answer.result.members)} đảng viên (${formatNumber(answer.result.notClassified)} không xếp loại).`,
      );
      refresh();
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(null);
    }
  }

  async function finalize() {
    setBusy('finalize');
    try {
      await unwrap(api.POST('/api/evaluation-cycles/{id}/finalize', { params: { path: { id: cycle.id } } }));
      setError(null);
      setBlockers(null);
      notifyDone(`Đã chốt kết quả đánh giá, xếp loại năm ${cycle.year}.`);
      refresh();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'EVALUATION_FINALIZE_BLOCKED') {
        setError(null);
        setBlockers(blockersFromDetails(err.details));
      } else {
        setBlockers(null);
        setError(explainError(err));
      }
    } finally {
      setBusy(null);
    }
  }

  const orgName = names.get(cycle.organizationId) ?? 'Tổ chức';
  const exceptionOf = (id: string | null) =>
    summary.find((s) => s.organizationId === id)?.quotaException ?? null;

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={2} size="h3">
          {orgName} · Năm {cycle.year}
        </Title>
        <Group gap="xs">
          <Badge color={cycle.locked ? 'gray' : 'green'} variant="light" data-testid="cycle-status">
            {cycle.locked ? 'Đã chốt' : 'Đang mở'}
          </Badge>
          <Text size="sm">
            Quy tắc xếp loại: {cycle.ruleSet.title} (Quy định {cycle.ruleSet.regulation}, phiên bản{' '}
            {cycle.ruleSet.version})
          </Text>
        </Group>
        <Text size="sm">
          {cycle.generatedAt
            ? `Lập danh sách lúc ${formatDateTime(cycle.generatedAt)}.`
            : 'Chưa lập danh sách đánh giá.'}{' '}
          {cycle.finalizedAt && cycle.locked && `Chốt kết quả lúc ${formatDateTime(cycle.finalizedAt)}.`}
        </Text>
        {cycle.reopenedAt && cycle.reopenReason && (
          <Text size="sm" data-testid="reopen-reason">
            Mở lại lúc {formatDateTime(cycle.reopenedAt)}, lý do: {cycle.reopenReason}
          </Text>
        )}
      </Stack>

      <Group gap="sm">
        {!cycle.locked && (
          <Button
            variant={cycle.generatedAt ? 'light' : 'filled'}
            loading={busy === 'generate'}
            onClick={() => void generate()}
          >
            {cycle.generatedAt ? 'Cập nhật mức gợi ý' : 'Lập danh sách đánh giá'}
          </Button>
        )}
        {!cycle.locked && cycle.generatedAt && (
          <Button loading={busy === 'finalize'} disabled={unsaved > 0} onClick={() => void finalize()}>
            Chốt kết quả
          </Button>
        )}
        {!cycle.locked && unsaved > 0 && (
          <Text size="sm">Lưu hoặc bỏ {unsaved} lựa chọn chưa lưu trước khi chốt kết quả.</Text>
        )}
      </Group>
      {cycle.locked && <Reopen cycleId={cycle.id} onDone={refresh} />}

      <FormError error={error} />
      {blockers && (
        <Alert color="red" role="alert" title="Chưa chốt được kết quả đánh giá, xếp loại:">
          <List spacing={4} data-testid="finalize-blockers">
            {blockers.map((b) => (
              <List.Item key={`${b.organizationId}-${b.rule}`}>
                {blockerWords(b, rule, exceptionOf(b.organizationId))}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}

      {cycle.generatedAt && summary.length > 0 && (
        <Decisions
          cycle={cycle}
          summary={summary}
          rule={rule}
          orgId={orgId}
          onOrg={(o) => {
            setChosenOrg(o);
          }}
          evaluations={evaluations}
          cellNames={names}
          tree={tree.data ?? []}
          drafts={drafts}
          dispatch={dispatch}
          onSaved={() => {
            setBlockers(null);
            refresh();
          }}
        />
      )}
    </Stack>
  );
}

function Decisions({
  cycle,
  summary,
  rule,
  orgId,
  onOrg,
  evaluations,
  cellNames,
  tree,
  drafts,
  dispatch,
  onSaved,
}: {
  cycle: CycleAnswer;
  summary: Summary[];
  rule: QuotaRule;
  orgId: string | null;
  onOrg: (id: string) => void;
  evaluations: UseQueryResult<Evaluation[]>;
  cellNames: Map<string, string>;
  tree: readonly Schemas['OrganizationNode'][];
  drafts: DraftState;
  dispatch: Dispatch<DraftAction>;
  onSaved: () => void;
}) {
  const [active, setActive] = useState(0);
  const [commonReason, setCommonReason] = useState('');
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ExplainedError | null>(null);
  const list = useMemo(() => evaluations.data ?? [], [evaluations.data]);
  const unsaved = Object.keys(drafts.levels).length;

  const decisionRows: DecisionRow[] = list.map((e) => ({
    id: e.id,
    memberName: e.memberName,
    grassrootsOrganizationId: e.grassrootsOrganizationId,
    status: e.status,
    decidedLevel: e.decision?.level ?? null,
    disqualifiers: e.disqualifiers,
  }));
  const standings = organizationStandings(
    decisionRows,
    drafts.levels,
    rule,
    new Map(
      summary.map((s) => [
        s.organizationId,
        { name: s.organizationName, exceptionMax: s.quotaException?.maxExcellent ?? null },
      ]),
    ),
  );
  const quotaRows: QuotaTableRow[] = summary.map((s) => {
    const live =
      evaluations.data && s.organizationId === orgId
        ? standings.find((x) => x.organizationId === orgId)
        : null;
    const decided = Object.fromEntries(LEVELS.map((l) => [l, s.decided[l] ?? 0])) as Record<Level, number>;
    return {
      organizationId: s.organizationId,
      name: s.organizationName ?? 'Tổ chức cơ sở đảng',
      classified: s.members - s.notClassified,
      notClassified: s.notClassified,
      undecided: live ? live.undecided : s.undecided,
      decided: live ? live.decided : decided,
      quota: live ? live.quota : s.quota,
      exception: s.quotaException,
      withDrafts: Boolean(live) && list.some((e) => drafts.levels[e.id] !== undefined),
    };
  });

  const rows: DecisionTableRow[] = list.map((e) => ({
    id: e.id,
    memberName: e.memberName,
    cellName: cellNames.get(e.cellId) ?? '',
    status: e.status,
    suggestedScore: e.suggestedScore,
    suggestedLevel: e.suggestedLevel,
    selfLevel: e.selfAssessment?.level ?? null,
    proposalLevel: e.proposal?.level ?? null,
    decidedLevel: e.decision?.level ?? null,
    decisionComment: e.decision?.comment ?? null,
    disqualifiers: e.disqualifiers,
    notClassifiedReason: e.notClassifiedReason,
  }));
  const current = list[Math.min(active, list.length - 1)];

  async function save() {
    setSaving(true);
    setSaveError(null);
    const errors: Record<string, string> = {};
    const saved: string[] = [];
    let failure: unknown = null;
    for (const e of list) {
      const level = drafts.levels[e.id];
      if (level === undefined) continue;
      const own = (drafts.comments[e.id] ?? '').trim();
      const comment = own || (needsComment(e, level) ? commonReason.trim() : '');
      if (needsComment(e, level) && !comment) {
        errors[e.id] = 'Cần ghi lý do khi quyết định khác mức gợi ý.';
        continue;
      }
      try {
        await unwrap(
          api.POST('/api/evaluations/{id}/decision', {
            params: { path: { id: e.id } },
            body: { level, ...(comment ? { comment } : {}), version: e.version },
          }),
        );
        saved.push(e.id);
      } catch (err) {
        const explained = explainError(err);
        errors[e.id] = explained.fields.comment ?? explained.fields.level ?? explained.message;
        failure ??= err;
      }
    }
    dispatch({ type: 'saved', ids: saved });
    setRowErrors(errors);
    if (failure) setSaveError(explainError(failure));
    if (saved.length) notifyDone(`Đã lưu ${saved.length} quyết định xếp loại.`);
    setSaving(false);
    onSaved();
  }

  return (
    <Stack gap="md">
      <Stack gap="xs" component="section" aria-labelledby="quota-title">
        <Title order={2} size="h4" id="quota-title">
          Định mức {LEVEL_LABELS.excellent} theo tổ chức cơ sở đảng
        </Title>
        <QuotaTable rows={quotaRows} rule={rule} />
        {rule.exceptionByHigherCommittee && !cycle.locked && (
          <QuotaExceptionForm
            cycleId={cycle.id}
            organizations={summary.flatMap((s) =>
              s.organizationId && !s.quotaException
                ? [{ id: s.organizationId, name: s.organizationName ?? 'Tổ chức cơ sở đảng' }]
                : [],
            )}
            tree={tree}
            onDone={onSaved}
          />
        )}
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="decisions-title">
        <Title order={2} size="h4" id="decisions-title">
          Quyết định xếp loại
        </Title>
        {summary.length > 1 && (
          <NativeSelect
            label="Tổ chức cơ sở đảng"
            value={orgId ?? ''}
            onChange={(e) => {
              if (unsaved > 0) return;
              onOrg(e.currentTarget.value);
              setActive(0);
            }}
            description={
              unsaved > 0 ? 'Lưu hoặc bỏ các lựa chọn chưa lưu trước khi chuyển tổ chức.' : undefined
            }
            data={summary.map((s) => ({ value: s.organizationId ?? '', label: s.organizationName ?? '' }))}
            maw={480}
          />
        )}
        <TextInput
          label="Lý do chung"
          description="Dùng cho các quyết định khác mức gợi ý chưa ghi lý do riêng."
          value={commonReason}
          onChange={(e) => setCommonReason(e.currentTarget.value)}
          maw={640}
          disabled={cycle.locked}
        />
        <Loaded query={evaluations}>
          {() => (
            <Grid gap="md">
              <Grid.Col span={{ base: 12, xl: 8 }}>
                <Stack gap="xs">
                  <DecisionTable
                    rows={rows}
                    drafts={drafts}
                    dispatch={dispatch}
                    active={active}
                    onActive={setActive}
                    locked={cycle.locked}
                    rowErrors={rowErrors}
                    commonReason={commonReason}
                  />
                  <FormError error={saveError} />
                  {!cycle.locked && (
                    <Group gap="sm">
                      <Button onClick={() => void save()} loading={saving} disabled={unsaved === 0}>
                        Lưu quyết định ({unsaved})
                      </Button>
                      <Button
                        variant="light"
                        onClick={() => dispatch({ type: 'undo' })}
                        disabled={drafts.history.length === 0}
                      >
                        Hoàn tác
                      </Button>
                      <Button
                        variant="subtle"
                        onClick={() => {
                          dispatch({ type: 'reset' });
                          setRowErrors({});
                        }}
                        disabled={unsaved === 0}
                      >
                        Bỏ các lựa chọn chưa lưu
                      </Button>
                    </Group>
                  )}
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, xl: 4 }}>
                {current && (
                  <MemberDetail
                    evaluation={current}
                    draft={drafts.levels[current.id]}
                    locked={cycle.locked}
                    onChoose={(level) =>
                      dispatch({
                        type: 'choose',
                        id: current.id,
                        level,
                        saved: current.decision?.level ?? null,
                      })
                    }
                  />
                )}
              </Grid.Col>
            </Grid>
          )}
        </Loaded>
      </Stack>
    </Stack>
  );
}

/** The active member: every reason of the suggestion, the score, the self-assessment, the cell's proposal. */
function MemberDetail({
  evaluation: e,
  draft,
  locked,
  onChoose,
}: {
  evaluation: Evaluation;
  draft: Level | undefined;
  locked: boolean;
  onChoose: (level: Level) => void;
}) {
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="member-detail-title">
      <Stack gap="xs">
        <Title order={3} size="h5" id="member-detail-title">
          {e.memberName}
        </Title>
        <Text size="sm">{EVALUATION_STATUS_LABELS[e.status] ?? e.status}</Text>
        {e.status === 'not_classified' ? (
          <Text size="sm">
            Không xếp loại:{' '}
            {NOT_CLASSIFIED_LABELS[e.notClassifiedReason ?? ''] ?? 'không thuộc diện xếp loại'}.
          </Text>
        ) : (
          <Text size="sm">
            Điểm gợi ý: <strong>{formatNumber(e.suggestedScore)}/100</strong>; mức gợi ý:{' '}
            <strong>{e.suggestedLevelName}</strong>
          </Text>
        )}
        <Title order={4} size="h6">
          Lý do gợi ý
        </Title>
        <List size="sm" spacing={2} data-testid="reasons">
          {e.reasons.map((r, i) => (
            <List.Item key={`${r.code}-${i}`}>
              {r.text}
              {r.unverified && (
                <Text span size="xs" className="unverified">
                  {' '}
                  ({UNVERIFIED_TEXT})
                </Text>
              )}
            </List.Item>
          ))}
        </List>
        {e.scoreBreakdown && (
          <details>
            <summary>Điểm theo từng tiêu chí</summary>
            <List size="sm" spacing={2}>
              {[...e.scoreBreakdown.commonCriteria.criteria, ...e.scoreBreakdown.taskResults.criteria].map(
                (c) => (
                  <List.Item key={c.code}>
                    {c.name}: {formatNumber(c.points)}/{formatNumber(c.max)}
                    {c.note ? ` (${c.note})` : ''}
                  </List.Item>
                ),
              )}
            </List>
          </details>
        )}
        <Title order={4} size="h6">
          Tự đánh giá
        </Title>
        {e.selfAssessment ? (
          <Stack gap={2} data-testid="self-assessment">
            <Text size="sm" fw={600}>
              {e.selfAssessment.levelName}
            </Text>
            {e.selfAssessment.summary && <Text size="sm">{e.selfAssessment.summary}</Text>}
            {e.selfAssessment.strengths && <Text size="sm">Ưu điểm: {e.selfAssessment.strengths}</Text>}
            {e.selfAssessment.shortcomings && (
              <Text size="sm">Hạn chế, khuyết điểm: {e.selfAssessment.shortcomings}</Text>
            )}
          </Stack>
        ) : (
          <Text size="sm">Đảng viên chưa tự đánh giá.</Text>
        )}
        <Title order={4} size="h6">
          Chi bộ đề xuất
        </Title>
        {e.proposal ? (
          <Stack gap={2} data-testid="proposal">
            <Text size="sm" fw={600}>
              {e.proposal.levelName}
            </Text>
            {e.proposal.comment && <Text size="sm">{e.proposal.comment}</Text>}
          </Stack>
        ) : (
          <Text size="sm">Chi bộ chưa đề xuất.</Text>
        )}
        <Title order={4} size="h6">
          Cấp ủy quyết định
        </Title>
        <Text size="sm">
          {draft
            ? `${LEVEL_LABELS[draft]} (chưa lưu)`
            : e.decision
              ? `${e.decision.levelName}${e.decision.at ? `, lúc ${formatDateTime(e.decision.at)}` : ''}${e.decision.comment ? `: ${e.decision.comment}` : ''}`
              : 'Chưa quyết định.'}
        </Text>
        {!locked && e.status !== 'not_classified' && (
          <Group gap={6} aria-label={`Chọn mức cho ${e.memberName}`} role="group">
            {LEVEL_KEYS.map(({ level, keys }) => (
              <Button
                key={level}
                size="compact-sm"
                variant={(draft ?? e.decision?.level) === level ? 'filled' : 'light'}
                disabled={refusal(e, level) !== null}
                title={`${LEVEL_LABELS[level]} (phím ${keys[0].toUpperCase()})`}
                onClick={() => onChoose(level)}
              >
                {LEVEL_SHORT[level]}
              </Button>
            ))}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** POST /api/evaluation-cycles/:id/reopen with the reason (asked for first). */
function Reopen({ cycleId, onDone }: { cycleId: string; onDone: () => void }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ExplainedError | null>(null);
  const [busy, setBusy] = useState(false);

  async function reopen() {
    setBusy(true);
    try {
      await unwrap(
        api.POST('/api/evaluation-cycles/{id}/reopen', {
          params: { path: { id: cycleId } },
          body: { reason: reason.trim() },
        }),
      );
      setError(null);
      setAsking(false);
      setReason('');
      notifyDone('Đã mở lại đợt đánh giá.');
      onDone();
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  }

  if (!asking)
    return (
      <Button variant="light" w="fit-content" onClick={() => setAsking(true)}>
        Mở lại
      </Button>
    );
  return (
    <Card withBorder padding="sm">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void reopen();
        }}
      >
        <Stack gap="sm">
          <FormError error={error} shown={['reason']} />
          <Textarea
            label="Lý do"
            description="Vì sao mở lại đợt đánh giá đã chốt (ghi vào nhật ký)."
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={error?.fields.reason}
            autoFocus
            minRows={2}
          />
          <Group gap="sm">
            <Button type="submit" loading={busy}>
              Xác nhận mở lại
            </Button>
            <Button variant="subtle" onClick={() => setAsking(false)}>
              Hủy
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
