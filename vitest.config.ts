import react from '@vitejs/plugin-react';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC keeps decorator metadata (esbuild drops it and Nest's DI breaks).
const plugins = [swc.vite({ module: { type: 'es6' } })];

export default defineConfig({
  test: {
    projects: [
      {
        plugins,
        test: { name: 'unit', include: ['src/**/*.spec.ts', 'database/**/*.spec.ts'], environment: 'node' },
      },
      {
        plugins,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e-spec.ts'],
          environment: 'node',
          pool: 'forks',
          // A guard against hangs, not a speed check: on a loaded 2-core machine a suite's set-up on
          // PostgreSQL (every commit waits for its cache message to come back) passes a minute.
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The web client's component tests (docs/WEB.md), in a simulated DOM.
        plugins: [react()],
        test: {
          name: 'web',
          include: ['web/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['web/src/test/setup.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
