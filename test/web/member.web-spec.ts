import { expect, Page, test } from '@playwright/test';
import {
  apiAs,
  expectAccessible,
  expectNoHorizontalScroll,
  logIn,
  MEMBER,
  PHONE,
  screenshots,
  SECRETARY,
} from './helpers.js';

test.use({ viewport: PHONE });

const STUDY = 'Học tập nghị quyết, chuyên đề';
const RESOLUTION4 = 'Phòng, chống 27 biểu hiện (NQ 4 khóa XII)';

async function checkPage(page: Page, screen?: string): Promise<void> {
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  if (screen) await screenshots(page, screen);
}

test.describe('Member on a phone (UI.md journey 1)', () => {
  test('registers a monthly commitment by category, submits, reads the return, resubmits and reports results', async ({
    page,
    request,
  }) => {
    const manifestations = (await (await apiAs(request, MEMBER)).get('/api/manifestations')) as Array<{
      code: number;
      displayText: string;
      verified: boolean;
    }>;

    await logIn(page, MEMBER);
    await expect(page.getByRole('heading', { level: 1, name: 'Việc cần làm' })).toBeVisible();
    // The first period the work list asks for (the demo has this month's commitment returned already).
    const toRegister = page.getByRole('region', { name: 'Cần đăng ký' });
    const firstTitle = toRegister
      .locator('.mantine-Card-root')
      .first()
      .getByText(/^Cam kết /);
    await expect(firstTitle).toBeVisible();
    const period = ((await firstTitle.textContent()) ?? '').replace(/^Cam kết /, '');
    await checkPage(page, 'member-home');

    await toRegister
      .locator('.mantine-Card-root', { hasText: `Cam kết ${period}` })
      .getByRole('link', { name: 'Đăng ký' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Đăng ký cam kết' })).toBeVisible();

    await page.getByRole('button', { name: `Thêm mục: ${STUDY}` }).click();
    await page
      .getByRole('group', { name: `${STUDY}, mục 1` })
      .getByRole('textbox', { name: 'Nội dung' })
      .fill('Học tập chuyên đề năm 2026 về tư tưởng, đạo đức, phong cách Hồ Chí Minh; viết thu hoạch.');
    await page.getByRole('button', { name: `Thêm mục: ${RESOLUTION4}` }).click();
    const r4 = page.getByRole('group', { name: `${RESOLUTION4}, mục 1` });
    await r4
      .getByRole('textbox', { name: 'Nội dung' })
      .fill('Không nói, viết trái quan điểm của Đảng trên mạng xã hội.');

    // The API refuses a Resolution 4 item without manifestations; the words appear next to it.
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await expect(
      r4.getByText('Hãy chọn ít nhất một biểu hiện trong 27 biểu hiện cần phòng, chống.'),
    ).toBeVisible();
    await expect(page.getByText('VALIDATION_FAILED')).toHaveCount(0);
    await checkPage(page, 'commitment-new');

    await r4.getByRole('button', { name: 'Chọn biểu hiện' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chọn biểu hiện cần phòng, chống' });
    await expect(dialog.getByRole('checkbox')).toHaveCount(27);
    await expect(dialog.getByText(manifestations[0].displayText)).toBeVisible();
    if (manifestations.some((m) => !m.verified))
      await expect(dialog.getByText('chưa đối chiếu văn bản gốc').first()).toBeVisible();
    await checkPage(page);
    await dialog.getByRole('checkbox', { name: /^1\./ }).check();
    await dialog.getByRole('checkbox', { name: /^4\./ }).check();
    await dialog.getByRole('button', { name: 'Xong' }).click();
    const chosen = r4.getByRole('list', { name: 'Biểu hiện đã chọn' });
    await expect(chosen.getByRole('listitem')).toHaveCount(2);
    await expect(chosen).toContainText(manifestations[0].displayText);

    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await expect(page).toHaveURL(/\/cam-ket\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: `Cam kết ${period}` })).toBeVisible();
    await expect(page.getByText('Nháp', { exact: true })).toBeVisible();
    const id = page.url().split('/').pop()!;
    await checkPage(page, 'commitment-draft');

    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await expect(page.getByText('Chờ duyệt', { exact: true })).toBeVisible();

    // The secretary returns it with a reason and a suggestion.
    const secretary = await apiAs(request, SECRETARY);
    const reason = 'Mục học tập cần ghi rõ chuyên đề và thời gian hoàn thành.';
    await secretary.post(`/api/commitments/${id}/return`, { reason });
    await secretary.post(`/api/commitments/${id}/feedback`, {
      kind: 'suggestion',
      content: 'Đồng chí nên bổ sung chỉ tiêu cụ thể cho từng quý.',
    });

    await page.reload();
    await expect(page.getByText('Bị trả lại', { exact: true })).toBeVisible();
    await expect(page.getByRole('note')).toContainText(reason);
    await expect(page.getByText('Đồng chí nên bổ sung chỉ tiêu cụ thể cho từng quý.')).toBeVisible();
    await checkPage(page, 'commitment-returned');

    const study = page.getByRole('group', { name: `${STUDY}, mục 1` });
    await study
      .getByRole('textbox', { name: 'Nội dung' })
      .fill('Học tập chuyên đề năm 2026 “Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”.');
    await study.getByRole('textbox', { name: 'Chỉ tiêu, kết quả cần đạt' }).fill('Một bài thu hoạch');
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await expect(page.getByText('Chờ duyệt', { exact: true })).toBeVisible();

    await secretary.post(`/api/commitments/${id}/accept`, { comment: 'Đồng ý.' });
    await page.reload();
    await expect(page.getByText('Đã chấp nhận', { exact: true })).toBeVisible();
    await page
      .getByRole('radiogroup', { name: 'Kết quả mục 1' })
      .getByRole('radio', { name: 'Hoàn thành', exact: true })
      .check();
    await page
      .getByRole('radiogroup', { name: 'Kết quả mục 2' })
      .getByRole('radio', { name: 'Hoàn thành một phần' })
      .check();
    await page
      .getByRole('textbox', { name: 'Ghi chú mục 2' })
      .fill('Còn một lần chia sẻ bài viết chưa kiểm chứng.');
    await checkPage(page, 'commitment-results');
    await page.getByRole('button', { name: 'Báo cáo kết quả' }).click();
    await expect(page.getByText('Đã báo cáo kết quả', { exact: true })).toBeVisible();
    await page.reload();
    await expect(page.getByText('Đã báo cáo kết quả', { exact: true })).toBeVisible();
    await expect(
      page
        .getByRole('radiogroup', { name: 'Kết quả mục 2' })
        .getByRole('radio', { name: 'Hoàn thành một phần' }),
    ).toBeChecked();

    await page.getByRole('button', { name: 'Mở menu' }).click();
    await page.getByRole('link', { name: 'Cam kết của tôi', exact: true }).click();
    await expect(page.getByRole('link', { name: new RegExp(`Cam kết ${period}`) })).toBeVisible();
    await checkPage(page, 'my-commitments');
  });
});

test.describe('Nothing typed is lost (UI.md journey 10)', () => {
  test('the second of two tabs is told someone changed it and keeps its text; offline keeps the form too', async ({
    page,
    context,
    request,
  }) => {
    const member = await apiAs(request, MEMBER);
    // The member's draft of the demo (next month's), its items replaced for the test.
    const me = await member.get('/api/auth/me');
    const drafts = await member.get(`/api/commitments?memberId=${me.memberId}&status=draft`);
    const draft = drafts.items[0];
    const created = await member.patch(`/api/commitments/${draft.id}`, {
      version: draft.version,
      items: [{ category: 'duty', content: 'Hoàn thành nhiệm vụ tổ trưởng tổ dân phố.' }],
    });
    await logIn(page, MEMBER);
    await page.goto(`/cam-ket/${created.id}`);
    const second = await context.newPage();
    await second.goto(`/cam-ket/${created.id}`);
    const content = (p: Page) =>
      p
        .getByRole('group', { name: 'Chức trách, nhiệm vụ được giao, mục 1' })
        .getByRole('textbox', { name: 'Nội dung' });
    await expect(content(second)).toHaveValue('Hoàn thành nhiệm vụ tổ trưởng tổ dân phố.');

    await content(page).fill('Sửa ở thẻ thứ nhất.');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await expect(page.getByText('Đã lưu nháp.')).toBeVisible();

    const typed = 'Nội dung gõ ở thẻ thứ hai, không được mất.';
    await content(second).fill(typed);
    await second.getByRole('button', { name: 'Lưu nháp' }).click();
    await expect(second.getByRole('alert').first()).toContainText('Người khác vừa thay đổi bản này');
    await expect(content(second)).toHaveValue(typed);
    await checkPage(second, 'commitment-conflict');
    await second.getByRole('button', { name: 'Lưu nội dung của tôi lên bản mới nhất' }).click();
    await expect(second.getByText('Đã lưu nội dung của bạn lên bản mới nhất.')).toBeVisible();

    await context.setOffline(true);
    await content(second).fill('Gõ khi mất mạng.');
    await second.getByRole('button', { name: 'Lưu nháp' }).click();
    await expect(second.getByRole('alert').first()).toContainText('Không kết nối được với máy chủ');
    await expect(content(second)).toHaveValue('Gõ khi mất mạng.');
    await context.setOffline(false);
    await second.getByRole('button', { name: 'Lưu nháp' }).click();
    await expect(second.getByText('Đã lưu nháp.')).toBeVisible();
    await second.reload();
    await expect(content(second)).toHaveValue('Gõ khi mất mạng.');
  });
});
