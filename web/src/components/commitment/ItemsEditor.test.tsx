import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { theme } from '../../theme';
import { ItemDraft, ItemErrors } from './items';
import { ItemsEditor } from './ItemsEditor';

const manifestations = [1, 2, 10, 19].map((code) => ({
  code,
  group: null,
  text: null,
  displayText: `Văn bản biểu hiện ${code}`,
  verified: code !== 2,
  verification: 'verbatim' as const,
  summaryEn: null,
  draftUnverified: null,
  topicHint: null,
  source: null,
  sourceKind: null,
  note: null,
  catalogVersion: 1,
}));

function Harness({
  errors,
  onItems,
}: {
  errors?: (items: ItemDraft[]) => ItemErrors;
  onItems?: (i: ItemDraft[]) => void;
}) {
  const [items, setItems] = useState<ItemDraft[]>([]);
  return (
    <MantineProvider theme={theme}>
      <ItemsEditor
        items={items}
        onChange={(next) => {
          setItems(next);
          onItems?.(next);
        }}
        errors={errors?.(items)}
        manifestations={manifestations}
      />
    </MantineProvider>
  );
}

describe('ItemsEditor', () => {
  it('adds items per category; a Resolution 4 item picks manifestations with their texts, unverified marked', async () => {
    const user = userEvent.setup();
    let latest: ItemDraft[] = [];
    render(<Harness onItems={(i) => (latest = i)} />);
    await user.click(
      screen.getByRole('button', { name: 'Thêm mục: Phòng, chống 27 biểu hiện (NQ 4 khóa XII)' }),
    );
    const item = screen.getByRole('group', { name: 'Phòng, chống 27 biểu hiện (NQ 4 khóa XII), mục 1' });
    await user.type(within(item).getByRole('textbox', { name: /Nội dung/ }), 'Không nói sai');
    await user.click(within(item).getByRole('button', { name: 'Chọn biểu hiện' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Văn bản biểu hiện 10')).toBeTruthy();
    expect(within(dialog).getAllByText(/chưa đối chiếu văn bản gốc/)).toHaveLength(1);
    await user.click(within(dialog).getByRole('checkbox', { name: /^2\./ }));
    await user.click(within(dialog).getByRole('checkbox', { name: /^19\./ }));
    await user.click(within(dialog).getByRole('button', { name: 'Xong' }));
    expect(latest).toHaveLength(1);
    expect(latest[0]).toMatchObject({
      category: 'resolution4',
      content: 'Không nói sai',
      manifestationCodes: [2, 19],
    });
    const chosen = within(item).getByRole('list', { name: 'Biểu hiện đã chọn' });
    expect(
      within(chosen)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Biểu hiện 2: Văn bản biểu hiện 2 (chưa đối chiếu văn bản gốc)',
      'Biểu hiện 19: Văn bản biểu hiện 19',
    ]);
  });

  it('shows each error next to the field of the item it names, and removes an item', async () => {
    const user = userEvent.setup();
    render(
      <Harness
        errors={(items) =>
          items[0]
            ? { [items[0].key]: { content: 'Không được để trống.', dueDate: 'Ngày chưa hợp lệ.' } }
            : {}
        }
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Thêm mục: Chức trách, nhiệm vụ được giao' }));
    const item = screen.getByRole('group', { name: 'Chức trách, nhiệm vụ được giao, mục 1' });
    expect(
      within(item)
        .getByRole('textbox', { name: /Nội dung/ })
        .getAttribute('aria-invalid'),
    ).toBe('true');
    expect(within(item).getByText('Không được để trống.')).toBeTruthy();
    expect(within(item).getByText('Ngày chưa hợp lệ.')).toBeTruthy();
    await user.click(within(item).getByRole('button', { name: /Xóa mục/ }));
    expect(screen.queryByRole('group', { name: 'Chức trách, nhiệm vụ được giao, mục 1' })).toBeNull();
  });
});
