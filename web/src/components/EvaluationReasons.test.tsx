import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EvaluationReason, EvaluationReasons } from './EvaluationReasons';

const reasons: EvaluationReason[] = [
  {
    code: 'score',
    effect: 'info',
    text: 'Tổng điểm gợi ý 86/100: tiêu chí chung 28/30, kết quả thực hiện nhiệm vụ 58/70.',
    unverified: true,
    source: 'missing',
  },
  {
    code: 'not_classified_exempt',
    effect: 'not_classified',
    text: 'Đảng viên được miễn công tác và sinh hoạt đảng cả năm 2026 (từ 01/06/2020, tuổi cao) nên không đánh giá, xếp loại chất lượng (QĐ 294-QĐ/TW, mục 7.2.3).',
    unverified: false,
    source: 'official',
  },
];

describe('EvaluationReasons', () => {
  it('shows every reason and marks only those resting on an unverified rule', () => {
    render(
      <MantineProvider>
        <EvaluationReasons reasons={reasons} />
      </MantineProvider>,
    );
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toBe(`${reasons[0].text} (chưa đối chiếu văn bản gốc)`);
    expect(items[1].textContent).toBe(reasons[1].text);
    expect(screen.getAllByText(/chưa đối chiếu văn bản gốc/)).toHaveLength(1);
  });

  it('renders nothing without reasons', () => {
    const { container } = render(
      <MantineProvider>
        <EvaluationReasons reasons={[]} />
      </MantineProvider>,
    );
    expect(container.querySelector('ul')).toBeNull();
  });
});
