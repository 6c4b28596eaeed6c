import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { readdir, rename, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web client (UI.md "Served by the service"): the files `vite build` wrote to `distPath`, served
 * by the same process as the API. Hashed assets under /assets/ are cached for a year; index.html and
 * the other unhashed files are revalidated on every use, so a new build reaches browsers at once.
 * Any other GET asking for HTML outside /api and /docs is a route of the app (a deep link or a
 * reload) and answers index.html; anything else is the API's JSON 404.
 */
export async function registerWebClient(
  fastify: FastifyInstance,
  distPath: string,
  warn: (message: string) => void,
): Promise<void> {
  const root = resolve(distPath);
  const built = existsSync(join(root, 'index.html'));
  if (built) {
    try {
      await precompress(root);
    } catch (e) {
      // A read-only folder (an image built without the compressed copies): serve the files as they are.
      warn(`web client: could not write compressed copies in ${root}: ${(e as Error).message}`);
    }
    // wildcard: false registers one route per file found now (no file-system lookup per request);
    // a new build is picked up at the next start, which `npm start` does after building.
    await fastify.register(fastifyStatic, {
      root,
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply: FastifyReply, path: string) => {
        reply.header('cache-control', isHashedAsset(root, path) ? IMMUTABLE : REVALIDATE);
      },
    });
  }

  fastify.get('/*', (req, reply) => {
    const path = req.url.split('?', 1)[0];
    if (RESERVED.test(path)) return reply.callNotFound();
    if (!built && (path === '/' || acceptsHtml(req))) {
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(NOT_BUILT_PAGE);
    }
    if (!built || !acceptsHtml(req)) return reply.callNotFound();
    return reply.header('cache-control', REVALIDATE).sendFile('index.html');
  });
}

/** The API, its OpenAPI pages and /metrics keep their own answers, 404s included. */
const RESERVED = /^\/(?:api|docs|metrics)(?:[/-]|$)/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** A browser navigating (not a script or a fetch asking for a missing file). */
function acceptsHtml(req: FastifyRequest): boolean {
  const accept = req.headers.accept;
  return typeof accept === 'string' && /\btext\/html\b/.test(accept);
}

/** Vite writes content-hashed names only under assets/. */
function isHashedAsset(root: string, path: string): boolean {
  return resolve(path).startsWith(join(root, 'assets') + sep);
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>camket: chưa dựng giao diện web</title></head>
<body>
<h1>Giao diện web chưa được dựng</h1>
<p>Máy chủ camket đang chạy và API vẫn dùng được tại <a href="/api/health">/api</a>, nhưng chưa có bản dựng của giao diện web. Hãy chạy <code>npm run build</code> rồi khởi động lại máy chủ.</p>
<hr>
<h2 lang="en">The web client is not built</h2>
<p lang="en">The camket service is running and its API answers at <a href="/api/health">/api</a>, but the web client has not been built. Run <code>npm run build</code>, then restart the service.</p>
</body>
</html>
`;

/** Text files worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|webmanifest)$/;
const MIN_BYTES = 1024;

/**
 * Writes a gzip and a brotli copy beside each compressible file that lacks an up-to-date one, so the
 * static plugin sends compressed bytes (`preCompressed`) without compressing on every request. Done
 * once per build: later starts find the copies newer than their file and skip them.
 */
export async function precompress(root: string): Promise<void> {
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const source = await stat(file);
    if (source.size < MIN_BYTES) continue;
    for (const [ext, compressor] of COMPRESSORS) {
      const target = file + ext;
      const existing = await stat(target).catch(() => null);
      if (existing && existing.mtimeMs >= source.mtimeMs) continue;
      // Written aside and renamed, so a concurrent start never serves a half-written copy.
      const partial = `${target}.${process.pid}.tmp`;
      await pipeline(createReadStream(file), compressor(), createWriteStream(partial));
      await rename(partial, target);
    }
  }
}

const COMPRESSORS: Array<[string, () => NodeJS.ReadWriteStream]> = [
  ['.gz', () => createGzip({ level: 9 })],
  [
    '.br',
    () =>
      createBrotliCompress({
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      }),
  ],
];
