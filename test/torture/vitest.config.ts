import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/** Fault-injection scripts (npm run torture): slow, so outside `npm test`. One file at a time. */
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['test/torture/**/*.torture.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 120_000,
  },
});
