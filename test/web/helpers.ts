import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { APIRequestContext, expect, Page } from '@playwright/test';
import { BASE_URL } from './web-env.js';

/** The demo's one password (src/cli/demo-plan.ts) and the logins the journeys use. */
export const DEMO_PASSWORD = 'CamKet-Demo-2026';
export const MEMBER = 'dangvien.tdp1';
export const SECRETARY = 'bithu.tdp1';

export const PHONE = { width: 360, height: 740 };

/** This year in Vietnam, as the server and the demo seed count it (not the test machine's, UTC in CI). */
export function vnYear(): number {
  return Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()),
  );
}
export const DESKTOP = { width: 1280, height: 860 };

/** Evaluated through the DevTools protocol, which the page's CSP (no inline scripts) does not govern. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Logs in through the login page and waits for the signed-in shell. */
export async function logIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  if (!page.url().includes('/dang-nhap')) await page.goto('/dang-nhap');
  await page.getByRole('textbox', { name: 'Tên đăng nhập', exact: true }).fill(username);
  await page.getByRole('textbox', { name: 'Mật khẩu', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
}

/** Where Mantine draws the toasts (web/src/components/NotificationsHost.tsx). */
const TOASTS = '.mantine-Notifications-root';

/**
 * Waits until no toast is sliding in or fading out: a toast caught half-transparent fails axe's
 * colour contrast though it reads at 4.5:1 once shown. A shown toast is checked like the rest.
 */
export async function settleNotifications(page: Page): Promise<void> {
  await page.waitForFunction((toasts) => {
    const moving = document.getAnimations().filter((a) => {
      const target = (a.effect as KeyframeEffect | null)?.target;
      return a.playState === 'running' && target instanceof Element && target.closest(toasts) !== null;
    });
    return moving.length === 0;
  }, TOASTS);
}

/**
 * axe-core in the page: no serious or critical violation (UI.md). When a toast starts to move while
 * axe reads the page (one closes itself after 4 s), what axe measured of it is not the page as
 * people see it: the toasts settle and axe reads the page again.
 */
export async function expectAccessible(page: Page): Promise<void> {
  await page.evaluate(axeSource);
  let result: { violations: ReturnType<typeof summarize>; toastsMoved: boolean };
  let tries = 0;
  do {
    await settleNotifications(page);
    result = await page
      .evaluate(async (toasts) => {
        let toastsMoved = false;
        const moved = (e: Event) => {
          if (e.target instanceof Element && e.target.closest(toasts)) toastsMoved = true;
        };
        document.addEventListener('transitionstart', moved, true);
        document.addEventListener('animationstart', moved, true);
        const axe = (
          window as unknown as { axe: { run: (o: object) => Promise<{ violations: AxeViolation[] }> } }
        ).axe;
        try {
          const { violations } = await axe.run({ resultTypes: ['violations'] });
          return { violations, toastsMoved };
        } finally {
          document.removeEventListener('transitionstart', moved, true);
          document.removeEventListener('animationstart', moved, true);
        }
      }, TOASTS)
      .then((r) => ({ violations: summarize(r.violations), toastsMoved: r.toastsMoved }));
  } while (result.toastsMoved && ++tries < 3);
  expect(result.violations, JSON.stringify(result.violations, null, 2)).toEqual([]);
}

function summarize(violations: AxeViolation[]) {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** Nothing wider than the screen (UI.md: no horizontal scroll at 360 px). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

/** A picture of the page, phone and desktop, into test-results/screens/ (ignored by git). */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screens', { recursive: true });
  const before = page.viewportSize() ?? PHONE;
  for (const [suffix, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150); // layout settles after the resize (a picture, not an assertion)
    // From the top, so the fixed header is drawn where it belongs in the full-page picture.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `test-results/screens/${name}-${suffix}.png`, fullPage: true });
  }
  await page.setViewportSize(before);
}

/** An answer of the API, read by a journey as the test needs it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The first admin of test/web/global-setup.ts (ADMIN_PASSWORD); `admin` is the default username. */
export const ADMIN = 'admin';
export const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? 'Quản-trị-thử-2026';
/** The password of the accounts a journey creates for itself. */
export const TEST_PASSWORD = 'Mật-khẩu-thử-quản-trị-2026';

/** The API as any account (the admin, or one a journey made): any 2xx is taken. */
export async function apiLogin(request: APIRequestContext, username: string, password: string) {
  const login = await request.post(`${BASE_URL}/api/auth/login`, { data: { username, password } });
  expect(login.status(), await login.text()).toBe(200);
  const headers = {
    authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`,
  };
  const send = async (method: 'get' | 'post' | 'patch', path: string, data?: object): Promise<Json> => {
    const res = await request[method](`${BASE_URL}${path}`, { headers, data });
    expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
    return res.json();
  };
  return {
    get: (path: string) => send('get', path),
    post: (path: string, data: object) => send('post', path, data),
    patch: (path: string, data: object) => send('patch', path, data),
  };
}

/** The API as a given person, for the other side of a journey (the secretary returns, accepts). */
export async function apiAs(request: APIRequestContext, username: string) {
  const login = await request.post(`${BASE_URL}/api/auth/login`, {
    data: { username, password: DEMO_PASSWORD },
  });
  expect(login.status()).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { authorization: `Bearer ${accessToken}` };
  return {
    get: async (path: string): Promise<Json> => {
      const res = await request.get(`${BASE_URL}${path}`, { headers });
      expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
      return res.json();
    },
    patch: async (path: string, data: object): Promise<Json> => {
      const res = await request.patch(`${BASE_URL}${path}`, { headers, data });
      expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
      return res.json();
    },
    post: async (path: string, data: object): Promise<Json> => {
      const res = await request.post(`${BASE_URL}${path}`, { headers, data });
      expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
      return res.json();
    },
  };
}

/** On a phone the menu sits behind the burger. */
export async function openMenu(page: Page): Promise<void> {
  const burger = page.getByRole('button', { name: 'Mở menu' });
  if (await burger.isVisible()) await burger.click();
}
