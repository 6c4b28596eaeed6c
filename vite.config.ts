import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const web = fileURLToPath(new URL('./web', import.meta.url));

/**
 * `<link rel="modulepreload">` for the member's home (`/`, the page UI.md's LCP budget is about) and
 * the chunks it imports, so they download beside the entry instead of after it (docs/WEB.md "Speed").
 */
function preloadHome(): Plugin {
  const home = 'web/src/pages/member/HomePage.tsx';
  return {
    name: 'camket-preload-home',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        const chunks = Object.values(ctx.bundle).filter((c) => c.type === 'chunk');
        const entry = chunks.find((c) => c.isEntry);
        const start = chunks.find((c) => c.facadeModuleId?.endsWith(home));
        if (!start) throw new Error(`preloadHome: no chunk for ${home}`);
        const files = new Set<string>();
        const visit = (file: string) => {
          if (files.has(file) || file === entry?.fileName) return;
          files.add(file);
          const chunk = chunks.find((c) => c.fileName === file);
          chunk?.imports.forEach(visit);
        };
        visit(start.fileName);
        return [...files].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

/** The web client (docs/WEB.md): source in web/, built into web/dist, served by the service at `/`. */
export default defineConfig({
  root: web,
  plugins: [react(), preloadHome()],
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
