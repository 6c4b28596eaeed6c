import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const web = fileURLToPath(new URL('./web', import.meta.url));

/** The web client (docs/WEB.md): source in web/, built into web/dist, served by the service at `/`. */
export default defineConfig({
  root: web,
  plugins: [react()],
  build: {
    outDir: `${web}/dist`,
    emptyOutDir: true,
    // The service's CSP forbids inline scripts; Vite emits none, and no asset is inlined as a data: script.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npm run web:dev`: the API of a service started with `npm start` on port 3000.
    proxy: { '/api': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' },
  },
});
