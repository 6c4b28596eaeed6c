import { expect, Page, test } from '@playwright/test';
import { expectAccessible, logIn, screenshots } from './helpers.js';

/** A common phone (390 x 844): the leader's pages must not scroll sideways; tables scroll inside. */
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
test.setTimeout(240_000);

/** The demo's province leader; the journey only reads, so the demo stays as seeded. */
const CITY_LEADER = 'tinhuy.phutho';

/** The page itself is no wider than the screen (UI.md), measured on the scrolling element. */
async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(innerWidth);
}

/** Scrolls to the bottom a screen at a time, so every chart (drawn when near the screen) is drawn. */
async function scrollThrough(page: Page): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const more = await page.evaluate(() => {
      window.scrollBy(0, window.innerHeight * 0.8);
      return window.scrollY + window.innerHeight < document.scrollingElement!.scrollHeight - 1;
    });
    if (!more) break;
    await page.waitForTimeout(100); // lets the observer see the new position (not an assertion)
  }
}

test('Báo cáo, Đánh giá cuối năm and Quản trị on a phone: no sideways scroll, chart labels whole', async ({
  page,
}) => {
  await logIn(page, CITY_LEADER);

  await page.goto('/bao-cao');
  await expect(page.locator('[data-figure="manifestations.self-evolution.atRisk"]')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Diễn biến qua các năm' })).toBeVisible();
  await scrollThrough(page);
  const charts = page.locator('.recharts-wrapper svg.recharts-surface');
  await expect(charts).toHaveCount(6);
  // Every axis label lies inside its chart, and the level and outcome names are each on one line.
  const labels = await page.evaluate(() =>
    [...document.querySelectorAll('.recharts-wrapper')].map((wrapper) => {
      const box = wrapper.getBoundingClientRect();
      const ticks = [...wrapper.querySelectorAll('.recharts-cartesian-axis-tick-value')];
      return {
        section: wrapper.closest('section')?.getAttribute('aria-labelledby') ?? '',
        outside: ticks
          .filter((t) => {
            const b = t.getBoundingClientRect();
            return (
              b.left < box.left - 0.5 ||
              b.right > box.right + 0.5 ||
              b.top < box.top - 0.5 ||
              b.bottom > box.bottom + 0.5
            );
          })
          .map((t) => t.textContent),
        wrapped: ticks.filter((t) => t.querySelectorAll('tspan').length > 1).map((t) => t.textContent),
      };
    }),
  );
  for (const chart of labels) expect(chart.outside, `${chart.section}: labels cut at the edge`).toEqual([]);
  for (const section of ['section-levels', 'section-outcomes'])
    expect(
      labels.find((l) => l.section === section)?.wrapped,
      `${section}: labels broken over lines`,
    ).toEqual([]);
  await expectNoSidewaysScroll(page, 'Báo cáo');
  await expectAccessible(page);
  await screenshots(page, 'leader-reports-phone');

  await page.goto('/danh-gia');
  await expect(page.getByRole('heading', { level: 1, name: 'Đánh giá cuối năm' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Mở đợt đánh giá' })).toBeVisible();
  await expectNoSidewaysScroll(page, 'Đánh giá cuối năm');
  await expectAccessible(page);

  for (const [path, heading] of [
    ['/quan-tri/to-chuc', 'Tổ chức đảng'],
    ['/quan-tri/dang-vien', 'Đảng viên'],
    ['/quan-tri/nhap', 'Nhập danh sách'],
    ['/quan-tri/tai-khoan', 'Tài khoản và vai trò'],
    ['/quan-tri/danh-muc', 'Danh mục'],
    ['/quan-tri/nhat-ky', 'Nhật ký'],
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(heading);
    await page.waitForLoadState('networkidle');
    await expectNoSidewaysScroll(page, path);
    await expectAccessible(page);
  }
});
