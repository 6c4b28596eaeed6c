import { defineConfig } from '@playwright/test';
import { BASE_URL } from './web-env.js';

/** Browser journeys (UI.md) against the real, built server: see test/web/global-setup.ts. */
export default defineConfig({
  testDir: '.',
  testMatch: '*.web-spec.ts',
  outputDir: '../../test-results/web',
  fullyParallel: false,
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalSetup: './global-setup.ts',
  use: {
    baseURL: BASE_URL,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    trace: 'off',
    // A step that cannot act fails on its own line instead of waiting out the test's timeout.
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
