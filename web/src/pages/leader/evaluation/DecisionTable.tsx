import { Badge, Table, Text, TextInput } from '@mantine/core';
import { Dispatch, KeyboardEvent, useEffect, useRef, useState } from 'react';
import { formatNumber } from '../../../lib/format';
import { LEVEL_LABELS } from '../../../lib/labels';
import {
  DraftAction,
  DraftState,
  keyAction,
  lastChanged,
  LEVEL_SHORT,
  moveTo,
  needsComment,
  NOT_CLASSIFIED_LABELS,
  refusal,
} from './decisions';
import type { Level } from './quota';

/** One member in the decision table: the suggestion, the member's and the cell's levels, the decision. */
export interface DecisionTableRow {
  id: string;
  memberName: string;
  cellName: string;
  status: string;
  suggestedScore: number | null;
  suggestedLevel: Level | null;
  selfLevel: Level | null;
  proposalLevel: Level | null;
  /** The saved decision and its reason. */
  decidedLevel: Level | null;
  decisionComment: string | null;
  disqualifiers: string[];
  notClassifiedReason: string | null;
}

export const DECISION_HINT_ID = 'decision-keys';

const NOWRAP = { whiteSpace: 'nowrap' } as const;

function LevelAbbr({ level }: { level: Level | null }) {
  if (!level) return <Text span>—</Text>;
  return (
    <abbr title={LEVEL_LABELS[level]} style={NOWRAP}>
      {LEVEL_SHORT[level]}
    </abbr>
  );
}

/**
 * The committee's decisions as a grid driven by the keyboard alone: ↑ ↓ (Home, End, Page Up/Down)
 * move between members, X T H K (or 1-4) choose a level, Delete drops the unsaved choice, Ctrl+Z or
 * U undoes the last change, Enter goes to the row's reason and Esc comes back. Choices stay unsaved
 * (`drafts`) until the page saves them; the quota beside the table counts them as they change.
 */
export function DecisionTable({
  rows,
  drafts,
  dispatch,
  active,
  onActive,
  locked,
  rowErrors,
  commonReason,
}: {
  rows: DecisionTableRow[];
  drafts: DraftState;
  dispatch: Dispatch<DraftAction>;
  active: number;
  onActive: (index: number) => void;
  locked: boolean;
  rowErrors: Record<string, string>;
  commonReason: string;
}) {
  const cells = useRef<Array<HTMLTableCellElement | null>>([]);
  const comments = useRef<Array<HTMLInputElement | null>>([]);
  const [said, say] = useState('');
  const current = Math.min(active, Math.max(rows.length - 1, 0));
  const pending = Object.keys(drafts.levels).length;
  // Once every choice is saved (or dropped), what was said about them no longer holds.
  useEffect(() => {
    if (pending === 0) say('');
  }, [pending]);

  const focusRow = (index: number) => {
    onActive(index);
    cells.current[index]?.focus();
  };

  function onKeyDown(e: KeyboardEvent<HTMLTableCellElement>, index: number) {
    const action = keyAction(e);
    if (!action) return;
    e.preventDefault();
    const row = rows[index];
    switch (action.type) {
      case 'move':
        focusRow(moveTo(index, action.to, rows.length));
        return;
      case 'comment':
        comments.current[index]?.focus();
        return;
      case 'undo': {
        const id = lastChanged(drafts);
        if (!id) {
          say('Không còn thay đổi nào để hoàn tác.');
          return;
        }
        dispatch({ type: 'undo' });
        const at = rows.findIndex((r) => r.id === id);
        if (at >= 0) focusRow(at);
        say(`Đã hoàn tác thay đổi của ${rows[at]?.memberName ?? 'đảng viên'}.`);
        return;
      }
      case 'clear':
        if (drafts.levels[row.id] === undefined) return;
        dispatch({ type: 'clear', id: row.id });
        say(`${row.memberName}: bỏ lựa chọn chưa lưu.`);
        return;
      case 'choose': {
        if (locked) {
          say('Đợt đánh giá đã chốt; hãy mở lại để sửa quyết định.');
          return;
        }
        const refused = refusal(row, action.level);
        if (refused) {
          say(`${row.memberName}: ${refused}`);
          return;
        }
        dispatch({ type: 'choose', id: row.id, level: action.level, saved: row.decidedLevel });
        say(
          `${row.memberName}: ${LEVEL_LABELS[action.level]}${action.level === row.decidedLevel ? ' (như đã lưu)' : ' (chưa lưu)'}${
            needsComment(row, action.level) ? '; cần ghi lý do vì khác mức gợi ý' : ''
          }.`,
        );
      }
    }
  }

  return (
    <>
      <Text id={DECISION_HINT_ID} size="sm">
        Dùng bàn phím: <kbd>↑</kbd> <kbd>↓</kbd> chọn đảng viên; <kbd>X</kbd> {LEVEL_SHORT.excellent},{' '}
        <kbd>T</kbd> {LEVEL_SHORT.good}, <kbd>H</kbd> {LEVEL_SHORT.complete}, <kbd>K</kbd>{' '}
        {LEVEL_SHORT.incomplete} (hoặc <kbd>1</kbd>–<kbd>4</kbd>); <kbd>Delete</kbd> bỏ lựa chọn chưa lưu;{' '}
        <kbd>Ctrl</kbd>+<kbd>Z</kbd> hoặc <kbd>U</kbd> hoàn tác; <kbd>Enter</kbd> ghi lý do, <kbd>Esc</kbd>{' '}
        quay lại bảng.
      </Text>
      <Table.ScrollContainer minWidth={880}>
        <Table
          role="grid"
          aria-label="Quyết định xếp loại"
          aria-describedby={DECISION_HINT_ID}
          highlightOnHover
          verticalSpacing={4}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Đảng viên</Table.Th>
              <Table.Th scope="col">Chi bộ</Table.Th>
              <Table.Th scope="col" style={NOWRAP}>
                Điểm
              </Table.Th>
              <Table.Th scope="col" style={NOWRAP}>
                Gợi ý
              </Table.Th>
              <Table.Th scope="col">Tự xếp loại</Table.Th>
              <Table.Th scope="col">Chi bộ đề xuất</Table.Th>
              <Table.Th scope="col" style={NOWRAP}>
                Quyết định
              </Table.Th>
              <Table.Th scope="col">Lý do quyết định</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, index) => {
              const draft = drafts.levels[row.id];
              const level = draft ?? row.decidedLevel;
              const isActive = index === current;
              const wantsComment = draft !== undefined && needsComment(row, draft);
              const error = rowErrors[row.id];
              return (
                <Table.Tr
                  key={row.id}
                  aria-selected={isActive}
                  data-active={isActive || undefined}
                  bg={isActive ? 'blue.0' : undefined}
                  onClick={() => onActive(index)}
                >
                  <Table.Th scope="row" fw={500}>
                    {row.memberName}
                  </Table.Th>
                  <Table.Td role="gridcell">{row.cellName}</Table.Td>
                  <Table.Td role="gridcell">{formatNumber(row.suggestedScore)}</Table.Td>
                  <Table.Td role="gridcell">
                    {row.status === 'not_classified' ? (
                      <Text span size="sm">
                        Không xếp loại
                      </Text>
                    ) : (
                      <LevelAbbr level={row.suggestedLevel} />
                    )}
                  </Table.Td>
                  <Table.Td role="gridcell">
                    <LevelAbbr level={row.selfLevel} />
                  </Table.Td>
                  <Table.Td role="gridcell">
                    <LevelAbbr level={row.proposalLevel} />
                  </Table.Td>
                  <Table.Td
                    role="gridcell"
                    ref={(el) => {
                      cells.current[index] = el;
                    }}
                    tabIndex={isActive ? 0 : -1}
                    data-decision-cell
                    aria-label={`Quyết định cho ${row.memberName}: ${
                      row.status === 'not_classified'
                        ? `không xếp loại (${NOT_CLASSIFIED_LABELS[row.notClassifiedReason ?? ''] ?? 'không thuộc diện xếp loại'})`
                        : level
                          ? // The visible abbreviation (and "chưa lưu") as the name's last words: axe's label-content-name-mismatch.
                            `${LEVEL_LABELS[level]}, ${LEVEL_SHORT[level]}${draft !== undefined ? ' chưa lưu' : ''}`
                          : 'chưa quyết định'
                    }`}
                    onKeyDown={(e) => onKeyDown(e, index)}
                    onFocus={() => onActive(index)}
                    style={{ cursor: 'pointer', whiteSpace: 'nowrap' }}
                  >
                    <LevelAbbr level={level} />
                    {draft !== undefined && ' '}
                    {draft !== undefined && (
                      <Badge ml={6} size="sm" color="orange" variant="light">
                        chưa lưu
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td role="gridcell">
                    {wantsComment ? (
                      <TextInput
                        ref={(el) => {
                          comments.current[index] = el;
                        }}
                        size="xs"
                        tabIndex={isActive ? 0 : -1}
                        aria-label={`Lý do quyết định cho ${row.memberName}`}
                        placeholder={commonReason ? 'Dùng lý do chung' : 'Bắt buộc: khác mức gợi ý'}
                        value={drafts.comments[row.id] ?? ''}
                        onChange={(e) =>
                          dispatch({ type: 'comment', id: row.id, text: e.currentTarget.value })
                        }
                        onKeyDown={(e) => {
                          if (e.key === 'Escape' || e.key === 'Enter') {
                            e.preventDefault();
                            focusRow(index);
                          }
                        }}
                        error={error}
                      />
                    ) : (
                      <>
                        {draft === undefined && row.decisionComment && (
                          <Text size="sm">{row.decisionComment}</Text>
                        )}
                        {error && (
                          <Text size="sm" c="red.9">
                            {error}
                          </Text>
                        )}
                      </>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text role="status" aria-live="polite" size="sm" data-testid="decision-announcement">
        {said}
      </Text>
    </>
  );
}
