import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ExplainedError } from '../../../lib/errors';
import { CheckItem, SelfCheckForm, selfEntries } from './SelfCheckForm';

function item(code: number, over: Partial<CheckItem> = {}): CheckItem {
  return {
    code,
    group: code <= 9 ? 'political-ideology' : code <= 18 ? 'ethics-lifestyle' : 'self-evolution',
    text: `Nội dung biểu hiện số ${code}`,
    displayText: `Nội dung biểu hiện số ${code}`,
    verified: code !== 5,
    self: null,
    conclusion: null,
    ...over,
  };
}
const ALL = Array.from({ length: 27 }, (_, i) => item(i + 1));
/** A few from each group: the queries of Testing Library are slow on all 81 radios. */
const ITEMS = [1, 2, 3, 5, 7, 12, 14, 20, 27].map((code) => item(code));

function renderForm(props: { items?: CheckItem[]; error?: ExplainedError | null; onSave?: () => void } = {}) {
  const onSave = props.onSave ?? vi.fn();
  const view = render(
    <MantineProvider>
      <SelfCheckForm items={props.items ?? ITEMS} error={props.error ?? null} busy={false} onSave={onSave} />
    </MantineProvider>,
  );
  return { onSave, view };
}

const group = (code: number) => screen.getByRole('radiogroup', { name: `Biểu hiện ${code}` });

describe('SelfCheckForm', { timeout: 30_000 }, () => {
  it('shows the 27 texts, marks the unverified one, and starts with nothing answered', () => {
    renderForm({ items: ALL });
    expect(screen.getAllByRole('radiogroup')).toHaveLength(27);
    expect(screen.getByText('Nội dung biểu hiện số 14')).toBeTruthy();
    expect(screen.getAllByText('chưa đối chiếu văn bản gốc')).toHaveLength(1);
    const card = screen.getByText('chưa đối chiếu văn bản gốc').closest('.mantine-Card-root');
    expect(card?.textContent).toContain('Biểu hiện 5');
    expect(screen.getByText('Đã tự kiểm tra 0/27 biểu hiện')).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('sends each answered manifestation with its trimmed note, and a note field appears only when needed', () => {
    const { onSave } = renderForm();
    fireEvent.click(within(group(1)).getByRole('radio', { name: 'Không có' }));
    expect(screen.queryByRole('textbox', { name: 'Ghi chú biểu hiện 1' })).toBeNull();
    fireEvent.click(within(group(12)).getByRole('radio', { name: 'Có nguy cơ' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Ghi chú biểu hiện 12' }), {
      target: { value: '  Còn nể nang khi góp ý đồng chí trong tổ.  ' },
    });
    fireEvent.click(within(group(20)).getByRole('radio', { name: 'Có biểu hiện' }));
    expect(screen.getByText('Đã tự kiểm tra 3/9 biểu hiện')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Lưu tự kiểm tra' }));
    expect(onSave).toHaveBeenCalledWith([
      { code: 1, status: 'none' },
      { code: 12, status: 'at_risk', note: 'Còn nể nang khi góp ý đồng chí trong tổ.' },
      { code: 20, status: 'present' },
    ]);
  });

  it('starts from the saved answers and shows the cell’s conclusion', () => {
    const items = ITEMS.map((i) =>
      i.code === 3
        ? item(3, {
            self: { status: 'at_risk', note: 'Ít đọc báo Đảng.' },
            conclusion: {
              status: 'none',
              note: null,
              concludedAt: '2026-11-30T03:00:00.000Z',
              document: null,
            },
          })
        : i,
    );
    renderForm({ items });
    expect(within(group(3)).getByRole<HTMLInputElement>('radio', { name: 'Có nguy cơ' }).checked).toBe(true);
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Ghi chú biểu hiện 3' }).value).toBe(
      'Ít đọc báo Đảng.',
    );
    expect(screen.getByText('Chi bộ kết luận: Không có')).toBeTruthy();
  });

  it('shows an API error next to the manifestation it names and keeps every answer', () => {
    const { view } = renderForm();
    fireEvent.click(within(group(2)).getByRole('radio', { name: 'Không có' }));
    fireEvent.click(within(group(7)).getByRole('radio', { name: 'Có biểu hiện' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Ghi chú biểu hiện 7' }), {
      target: { value: 'Ghi chú quá dài' },
    });
    const error: ExplainedError = {
      message: 'Dữ liệu chưa hợp lệ.',
      fields: { 'self.1.note': 'Tối đa 4.000 ký tự.' },
      conflict: false,
      network: false,
    };
    view.rerender(
      <MantineProvider>
        <SelfCheckForm items={ITEMS} error={error} busy={false} onSave={vi.fn()} />
      </MantineProvider>,
    );
    const note = screen.getByRole('textbox', { name: 'Ghi chú biểu hiện 7' });
    expect(note.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Tối đa 4.000 ký tự.')).toBeTruthy();
    expect((note as HTMLTextAreaElement).value).toBe('Ghi chú quá dài');
    expect(within(group(2)).getByRole<HTMLInputElement>('radio', { name: 'Không có' }).checked).toBe(true);
    expect(screen.getByRole('alert').textContent).toContain('Dữ liệu chưa hợp lệ.');
  });

  it('selfEntries leaves out unanswered manifestations and empty notes', () => {
    expect(
      selfEntries({
        4: { status: null, note: 'chưa chọn' },
        2: { status: 'present', note: '   ' },
      }),
    ).toEqual([{ code: 2, status: 'present' }]);
  });
});
