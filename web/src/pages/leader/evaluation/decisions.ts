import { LEVEL_LABELS } from '../../../lib/labels';
import type { Level } from './quota';

/**
 * The leader's unsaved decisions in the table, with undo, and what each key does. Pure: the table
 * and its tests drive the same reducer.
 */

/** The usual abbreviations of the levels in party documents; the full names in LEVEL_LABELS. */
export const LEVEL_SHORT: Record<Level, string> = {
  excellent: 'HTXSNV',
  good: 'HTTNV',
  complete: 'HTNV',
  incomplete: 'KHTNV',
};

/** A key per level: the first letter of the Vietnamese name (Xuất sắc, Tốt, Hoàn thành, Không), or 1-4. */
export const LEVEL_KEYS: ReadonlyArray<{ level: Level; keys: readonly string[] }> = [
  { level: 'excellent', keys: ['x', '1'] },
  { level: 'good', keys: ['t', '2'] },
  { level: 'complete', keys: ['h', '3'] },
  { level: 'incomplete', keys: ['k', '4'] },
];

export const EVALUATION_STATUS_LABELS: Record<string, string> = {
  pending: 'Chưa tự đánh giá',
  self_assessed: 'Đã tự đánh giá',
  proposed: 'Chi bộ đã đề xuất',
  decided: 'Cấp ủy đã quyết định',
  not_classified: 'Không xếp loại',
};

export const NOT_CLASSIFIED_LABELS: Record<string, string> = {
  expelled: 'bị khai trừ trong năm',
  exempt: 'được miễn công tác và sinh hoạt đảng',
  suspended: 'đang bị đình chỉ sinh hoạt đảng',
  joined_recently: 'được kết nạp chưa đủ thời gian để xếp loại',
};

export type KeyAction =
  | { type: 'move'; to: 'up' | 'down' | 'first' | 'last' | 'pageUp' | 'pageDown' }
  | { type: 'choose'; level: Level }
  | { type: 'clear' }
  | { type: 'undo' }
  | { type: 'comment' };

/** What a key pressed on a decision cell means; null for keys the table leaves alone (Tab). */
export function keyAction(e: {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}): KeyAction | null {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if ((e.ctrlKey || e.metaKey) && key === 'z') return { type: 'undo' };
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (key) {
    case 'ArrowUp':
      return { type: 'move', to: 'up' };
    case 'ArrowDown':
      return { type: 'move', to: 'down' };
    case 'Home':
      return { type: 'move', to: 'first' };
    case 'End':
      return { type: 'move', to: 'last' };
    case 'PageUp':
      return { type: 'move', to: 'pageUp' };
    case 'PageDown':
      return { type: 'move', to: 'pageDown' };
    case 'Delete':
    case 'Backspace':
      return { type: 'clear' };
    case 'u':
      return { type: 'undo' };
    case 'Enter':
      return { type: 'comment' };
  }
  const level = LEVEL_KEYS.find((l) => l.keys.includes(key));
  return level ? { type: 'choose', level: level.level } : null;
}

/** The row a move lands on, inside 0..count-1. */
export function moveTo(
  active: number,
  to: Extract<KeyAction, { type: 'move' }>['to'],
  count: number,
): number {
  const last = Math.max(count - 1, 0);
  const page = 10;
  switch (to) {
    case 'up':
      return Math.max(active - 1, 0);
    case 'down':
      return Math.min(active + 1, last);
    case 'first':
      return 0;
    case 'last':
      return last;
    case 'pageUp':
      return Math.max(active - page, 0);
    case 'pageDown':
      return Math.min(active + page, last);
  }
}

export interface DraftState {
  /** Unsaved level per evaluation id. */
  levels: Record<string, Level>;
  /** The leader's reason per evaluation id (needed where the level differs from the suggestion). */
  comments: Record<string, string>;
  /** Each change, newest last: the evaluation and its unsaved level before the change. */
  history: Array<{ id: string; before: Level | undefined }>;
}

export const EMPTY_DRAFTS: DraftState = { levels: {}, comments: {}, history: [] };

export type DraftAction =
  /** `saved` is the row's saved decision: choosing it again leaves nothing to save. */
  | { type: 'choose'; id: string; level: Level; saved: Level | null }
  | { type: 'clear'; id: string }
  | { type: 'undo' }
  | { type: 'comment'; id: string; text: string }
  /** Drafts the server now holds (saved) are dropped; the others stay. */
  | { type: 'saved'; ids: string[] }
  | { type: 'reset' };

function withLevel(levels: Record<string, Level>, id: string, level: Level | undefined) {
  const next = { ...levels };
  if (level === undefined) delete next[id];
  else next[id] = level;
  return next;
}

export function draftsReducer(state: DraftState, action: DraftAction): DraftState {
  switch (action.type) {
    case 'choose': {
      const before = state.levels[action.id];
      const level = action.level === action.saved ? undefined : action.level;
      if (before === level) return state;
      return {
        ...state,
        levels: withLevel(state.levels, action.id, level),
        history: [...state.history, { id: action.id, before }],
      };
    }
    case 'clear': {
      const before = state.levels[action.id];
      if (before === undefined) return state;
      return {
        ...state,
        levels: withLevel(state.levels, action.id, undefined),
        history: [...state.history, { id: action.id, before }],
      };
    }
    case 'undo': {
      const last = state.history.at(-1);
      if (!last) return state;
      return {
        ...state,
        levels: withLevel(state.levels, last.id, last.before),
        history: state.history.slice(0, -1),
      };
    }
    case 'comment':
      return { ...state, comments: { ...state.comments, [action.id]: action.text } };
    case 'saved': {
      const levels = { ...state.levels };
      const comments = { ...state.comments };
      for (const id of action.ids) {
        delete levels[id];
        delete comments[id];
      }
      return { levels, comments, history: state.history.filter((h) => !action.ids.includes(h.id)) };
    }
    case 'reset':
      return EMPTY_DRAFTS;
  }
}

/** The evaluation id the last change touched (undo moves the focus there). */
export function lastChanged(state: DraftState): string | null {
  return state.history.at(-1)?.id ?? null;
}

/** Why a level cannot be chosen for a row, in words; null when it can. */
export function refusal(
  row: { status: string; suggestedLevel: Level | null; disqualifiers: string[] },
  level: Level,
): string | null {
  if (row.status === 'not_classified' || row.suggestedLevel === null)
    return 'Đảng viên này thuộc diện không xếp loại năm nay.';
  if (row.disqualifiers.length > 0 && level !== 'incomplete')
    return `Có căn cứ buộc xếp ${LEVEL_LABELS.incomplete}; không quyết định được mức cao hơn.`;
  return null;
}

/** A decision different from the suggested level needs the leader's reason (API: `comment`). */
export function needsComment(row: { suggestedLevel: Level | null }, level: Level | null): boolean {
  return level !== null && level !== row.suggestedLevel;
}
