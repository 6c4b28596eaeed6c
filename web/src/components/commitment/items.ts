import type { Schemas } from '../../api/client';
import { formatDate, parseVnDate } from '../../lib/format';
import { CATEGORY_ORDER, ItemCategory } from '../../lib/labels';

/**
 * The item editor's model: what the person is typing, kept apart from the server's copy so that a
 * refused save (409, offline) loses nothing. Pure functions, unit-tested in items.test.ts.
 */
export interface ItemDraft {
  /** Stable across edits: the item's id, or a local key for a new item. */
  key: string;
  id?: string;
  category: ItemCategory;
  content: string;
  target: string;
  /** As the person types it: `dd/mm/yyyy` (or empty). */
  dueDate: string;
  manifestationCodes: number[];
  parentItemId: string | null;
}

let counter = 0;
export function newItem(category: ItemCategory): ItemDraft {
  counter += 1;
  return {
    key: `new-${counter}`,
    category,
    content: '',
    target: '',
    dueDate: '',
    manifestationCodes: [],
    parentItemId: null,
  };
}

export function fromView(items: Schemas['CommitmentItemView'][]): ItemDraft[] {
  return [...items]
    .sort((a, b) => a.position - b.position)
    .map((i) => ({
      key: i.id,
      id: i.id,
      category: i.category,
      content: i.content,
      target: i.target ?? '',
      dueDate: formatDate(i.dueDate),
      manifestationCodes: [...i.manifestationCodes].sort((a, b) => a - b),
      parentItemId: i.parentItemId,
    }));
}

/** Items in the order the editor shows them: by category (CATEGORY_ORDER), then as entered. */
export function ordered(items: ItemDraft[]): ItemDraft[] {
  return CATEGORY_ORDER.flatMap((c) => items.filter((i) => i.category === c));
}

/**
 * The API's item list, in the editor's order; `keys[n]` is the draft behind `items.n`, so the API's
 * `details` (`items.3.content`) land on the right field.
 */
export function toPayload(items: ItemDraft[]): { items: Schemas['CommitmentItemDto'][]; keys: string[] } {
  const list = ordered(items);
  return {
    keys: list.map((i) => i.key),
    items: list.map((i) => ({
      ...(i.id ? { id: i.id } : {}),
      category: i.category,
      content: i.content.trim(),
      target: i.target.trim() || null,
      dueDate: parseVnDate(i.dueDate),
      manifestationCodes: i.category === 'resolution4' ? i.manifestationCodes : null,
      ...(i.parentItemId ? { parentItemId: i.parentItemId } : {}),
    })),
  };
}

export type ItemErrors = Record<
  string,
  Partial<Record<'content' | 'target' | 'dueDate' | 'manifestationCodes' | 'category', string>>
>;

/**
 * Splits the API's field errors into those of each item (by draft key and field) and the rest
 * (shown above the form, e.g. `periodIndex`).
 */
export function itemErrors(
  fields: Record<string, string>,
  keys: string[],
): { byItem: ItemErrors; rest: Record<string, string> } {
  const byItem: ItemErrors = {};
  const rest: Record<string, string> = {};
  for (const [path, text] of Object.entries(fields)) {
    const m = /^items\.(\d+)\.(content|target|dueDate|manifestationCodes|category)(?:\.\d+)?$/.exec(path);
    const key = m ? keys[Number(m[1])] : undefined;
    if (m && key) {
      const field = m[2] as keyof ItemErrors[string];
      byItem[key] = { ...byItem[key], [field]: byItem[key]?.[field] ?? text };
    } else {
      rest[path] = text;
    }
  }
  return { byItem, rest };
}

/** True when the drafts differ from what the server holds. */
export function changed(items: ItemDraft[], saved: ItemDraft[]): boolean {
  return JSON.stringify(toPayload(items).items) !== JSON.stringify(toPayload(saved).items);
}
