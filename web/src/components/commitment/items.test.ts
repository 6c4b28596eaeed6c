import { describe, expect, it } from 'vitest';
import { changed, fromView, itemErrors, newItem, toPayload } from './items';

const view = (over: object) => ({
  id: 'i1',
  position: 0,
  category: 'duty' as const,
  content: 'Làm tốt nhiệm vụ tổ trưởng',
  target: null,
  dueDate: '2026-12-31',
  manifestationCodes: [],
  parentItemId: null,
  sourceRef: null,
  outcome: null,
  exceeded: null,
  note: null,
  completedOn: null,
  ...over,
});

describe('the item editor model', () => {
  it('sends items in the order the editor shows them (by category) and remembers which draft is which', () => {
    const r4 = {
      ...newItem('resolution4'),
      content: ' Không nói sai quan điểm ',
      manifestationCodes: [4, 1],
    };
    const study = { ...newItem('study'), content: 'Học chuyên đề', dueDate: '31/12/2026' };
    const { items, keys } = toPayload([r4, study]);
    expect(keys).toEqual([study.key, r4.key]);
    expect(items).toEqual([
      {
        category: 'study',
        content: 'Học chuyên đề',
        target: null,
        dueDate: '2026-12-31',
        manifestationCodes: null,
      },
      {
        category: 'resolution4',
        content: 'Không nói sai quan điểm',
        target: null,
        dueDate: null,
        manifestationCodes: [4, 1],
      },
    ]);
  });

  it('keeps the id of stored items and shows their dates dd/mm/yyyy', () => {
    const [draft] = fromView([view({})]);
    expect(draft).toMatchObject({ id: 'i1', dueDate: '31/12/2026' });
    expect(toPayload([draft]).items[0]).toMatchObject({ id: 'i1', dueDate: '2026-12-31' });
    expect(changed([draft], [draft])).toBe(false);
    expect(changed([{ ...draft, content: 'khác' }], [draft])).toBe(true);
  });

  it("puts the API's item errors on the draft they belong to, the rest above the form", () => {
    const { byItem, rest } = itemErrors(
      { 'items.1.manifestationCodes': 'Hãy chọn', 'items.0.content': 'Trống', periodIndex: 'Ngoài khoảng' },
      ['a', 'b'],
    );
    expect(byItem).toEqual({ a: { content: 'Trống' }, b: { manifestationCodes: 'Hãy chọn' } });
    expect(rest).toEqual({ periodIndex: 'Ngoài khoảng' });
  });
});
