import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useReducer, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { draftsReducer, DraftState, EMPTY_DRAFTS, keyAction } from './decisions';
import { DecisionTable, DecisionTableRow } from './DecisionTable';
import { organizationStandings, QuotaRule } from './quota';
import { QuotaTable } from './QuotaTable';

const RULE: QuotaRule = { maxExcellentShareOfGood: 0.2, rounding: 'floor', exceptionByHigherCommittee: true };
const ORG = 'a0000000-0000-4000-8000-000000000001';

function person(id: string, name: string, over: Partial<DecisionTableRow> = {}): DecisionTableRow {
  return {
    id,
    memberName: name,
    cellName: 'Chi bộ Tổ dân phố số 2',
    status: 'proposed',
    suggestedScore: 78.5,
    suggestedLevel: 'good',
    selfLevel: 'good',
    proposalLevel: 'good',
    decidedLevel: null,
    decisionComment: null,
    disqualifiers: [],
    notClassifiedReason: null,
    ...over,
  };
}

const people: DecisionTableRow[] = [
  person('1', 'Nguyễn Thị Hằng', { suggestedLevel: 'excellent', suggestedScore: 93 }),
  person('2', 'Trần Văn Bình'),
  person('3', 'Lê Thị Cúc', { status: 'decided', decidedLevel: 'good' }),
  person('4', 'Phạm Văn Dũng', { disqualifiers: ['concluded_manifestation'], suggestedLevel: 'incomplete' }),
  person('5', 'Đỗ Thị Én', { status: 'not_classified', suggestedLevel: null, notClassifiedReason: 'exempt' }),
  person('6', 'Vũ Văn Giang'),
  person('7', 'Hoàng Thị Hoa'),
];

let lastDrafts: DraftState = EMPTY_DRAFTS;

/** The table with the page's reducer, and the quota beside it computed from the same choices. */
function Harness({ locked = false }: { locked?: boolean }) {
  const [drafts, dispatch] = useReducer(draftsReducer, EMPTY_DRAFTS);
  const [active, setActive] = useState(0);
  lastDrafts = drafts;
  const [standing] = organizationStandings(
    people.map((p) => ({ ...p, grassrootsOrganizationId: ORG })),
    drafts.levels,
    RULE,
    new Map([[ORG, { name: 'Đảng bộ phường Hội Hợp', exceptionMax: null }]]),
  );
  return (
    <MantineProvider>
      <QuotaTable
        rule={RULE}
        rows={[
          {
            organizationId: ORG,
            name: 'Đảng bộ phường Hội Hợp',
            classified: standing.classified,
            notClassified: 1,
            undecided: standing.undecided,
            decided: standing.decided,
            quota: standing.quota,
            exception: null,
            withDrafts: Object.keys(drafts.levels).length > 0,
          },
        ]}
      />
      <DecisionTable
        rows={people}
        drafts={drafts}
        dispatch={dispatch}
        active={active}
        onActive={setActive}
        locked={locked}
        rowErrors={{}}
        commonReason=""
      />
    </MantineProvider>
  );
}

const cell = (name: string) => screen.getByRole('gridcell', { name: new RegExp(`^Quyết định cho ${name}:`) });
const quotaFigures = () => screen.getByTestId('quota-figures').textContent;
const said = () => screen.getByTestId('decision-announcement').textContent;

describe('keyAction', () => {
  it('maps arrows, a key per level, undo, clear and Enter; leaves Tab alone', () => {
    expect(keyAction({ key: 'ArrowDown' })).toEqual({ type: 'move', to: 'down' });
    expect(keyAction({ key: 'X' })).toEqual({ type: 'choose', level: 'excellent' });
    expect(keyAction({ key: 't' })).toEqual({ type: 'choose', level: 'good' });
    expect(keyAction({ key: '3' })).toEqual({ type: 'choose', level: 'complete' });
    expect(keyAction({ key: 'k' })).toEqual({ type: 'choose', level: 'incomplete' });
    expect(keyAction({ key: 'z', ctrlKey: true })).toEqual({ type: 'undo' });
    expect(keyAction({ key: 'u' })).toEqual({ type: 'undo' });
    expect(keyAction({ key: 'Delete' })).toEqual({ type: 'clear' });
    expect(keyAction({ key: 'Enter' })).toEqual({ type: 'comment' });
    expect(keyAction({ key: 'Tab' })).toBeNull();
    expect(keyAction({ key: 'x', ctrlKey: true })).toBeNull();
  });
});

describe('DecisionTable', () => {
  it('is driven by the keyboard alone, and the quota follows each choice', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    expect(quotaFigures()).toBe('0/0');

    await user.tab();
    expect(document.activeElement).toBe(cell('Nguyễn Thị Hằng'));
    await user.keyboard('x');
    expect(cell('Nguyễn Thị Hằng').getAttribute('aria-label')).toBe(
      'Quyết định cho Nguyễn Thị Hằng: Hoàn thành xuất sắc nhiệm vụ, HTXSNV chưa lưu',
    );
    expect(said()).toBe('Nguyễn Thị Hằng: Hoàn thành xuất sắc nhiệm vụ (chưa lưu).');
    // One excellent, one good (saved): 20% of 1, rounded down, allows none.
    expect(quotaFigures()).toBe('1/0');
    expect(screen.getByText('Vượt định mức')).toBeTruthy();

    await user.keyboard('{ArrowDown}t');
    expect(document.activeElement).toBe(cell('Trần Văn Bình'));
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(cell('Đỗ Thị Én'));
    await user.keyboard('t'); // not classified: refused in words, nothing chosen
    expect(said()).toBe('Đỗ Thị Én: Đảng viên này thuộc diện không xếp loại năm nay.');
    expect(lastDrafts.levels['5']).toBeUndefined();
    await user.keyboard('{ArrowDown}2{ArrowDown}2');
    expect(document.activeElement).toBe(cell('Hoàng Thị Hoa'));
    // good: Trần Văn Bình, Lê Thị Cúc (saved), Vũ Văn Giang, Hoàng Thị Hoa: four, still none allowed.
    expect(quotaFigures()).toBe('1/0');

    // Back up to the member with a disqualifier: only "Không hoàn thành nhiệm vụ" is taken.
    await user.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}x');
    expect(document.activeElement).toBe(cell('Phạm Văn Dũng'));
    expect(said()).toContain('Có căn cứ buộc xếp Không hoàn thành nhiệm vụ');
    await user.keyboard('t');
    expect(lastDrafts.levels['4']).toBeUndefined();
    await user.keyboard('{ArrowUp}t');
    expect(cell('Lê Thị Cúc').getAttribute('aria-label')).toBe(
      'Quyết định cho Lê Thị Cúc: Hoàn thành tốt nhiệm vụ, HTTNV',
    ); // the saved level again: nothing to save
    await user.keyboard('{ArrowDown}k');
    expect(lastDrafts.levels).toEqual({
      '1': 'excellent',
      '2': 'good',
      '4': 'incomplete',
      '6': 'good',
      '7': 'good',
    });

    // A fifth good lifts the quota to one: choose it on the first row instead of excellent.
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(cell('Nguyễn Thị Hằng'));
    await user.keyboard('t');
    expect(quotaFigures()).toBe('0/1');
    expect(screen.getByText('Trong định mức')).toBeTruthy();

    // Undo walks back, newest first, and takes the focus to the row it changed.
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(cell('Hoàng Thị Hoa'));
    await user.keyboard('{Control>}z{/Control}');
    expect(document.activeElement).toBe(cell('Nguyễn Thị Hằng'));
    expect(lastDrafts.levels['1']).toBe('excellent');
    expect(quotaFigures()).toBe('1/0');
    await user.keyboard('u');
    expect(document.activeElement).toBe(cell('Phạm Văn Dũng'));
    expect(lastDrafts.levels['4']).toBeUndefined();
    await user.keyboard('{Delete}');
    expect(lastDrafts.levels['4']).toBeUndefined();
    await user.keyboard('{ArrowUp}{ArrowUp}{Delete}');
    expect(document.activeElement).toBe(cell('Trần Văn Bình'));
    expect(lastDrafts.levels['2']).toBeUndefined();
  });

  it('asks for a reason where the choice differs from the suggestion: Enter to write it, Esc back', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.tab();
    await user.keyboard('{ArrowDown}h');
    expect(said()).toBe('Trần Văn Bình: Hoàn thành nhiệm vụ (chưa lưu); cần ghi lý do vì khác mức gợi ý.');
    await user.keyboard('{Enter}');
    const reason = screen.getByRole('textbox', { name: 'Lý do quyết định cho Trần Văn Bình' });
    expect(document.activeElement).toBe(reason);
    await user.keyboard('Chưa hoàn thành chỉ tiêu phát triển đảng viên');
    await user.keyboard('{Escape}');
    expect(document.activeElement).toBe(cell('Trần Văn Bình'));
    expect(lastDrafts.comments['2']).toBe('Chưa hoàn thành chỉ tiêu phát triển đảng viên');
    // Tab from the grid reaches the active row's reason, then leaves the table.
    await user.tab();
    expect(document.activeElement).toBe(reason);
  });

  it('changes nothing in a finalized cycle, and says why', async () => {
    const user = userEvent.setup();
    render(<Harness locked />);
    await user.tab();
    await user.keyboard('x');
    expect(lastDrafts.levels).toEqual({});
    expect(said()).toBe('Đợt đánh giá đã chốt; hãy mở lại để sửa quyết định.');
    expect(within(screen.getByRole('grid')).getAllByRole('row')).toHaveLength(people.length + 1);
  });
});
