import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestApp } from '../setup/test-app.js';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const SCRIPT = `console.log(${JSON.stringify('Cam kết rèn luyện của đảng viên. '.repeat(80))});\n`;

/** A stand-in for `vite build` output: index.html, one hashed asset, one unhashed file. */
function fixtureDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'camket-web-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cam kết</title>' +
      '<script type="module" src="/assets/index-B7xQ2kLm.js"></script></head>' +
      '<body><div id="root">Ứng dụng cam kết</div></body></html>',
  );
  writeFileSync(join(dir, 'assets', 'index-B7xQ2kLm.js'), SCRIPT);
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

function expectSecurityHeaders(headers: Record<string, string>): void {
  const csp = headers['content-security-policy'];
  expect(csp).toBeDefined();
  const directives = Object.fromEntries(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
  expect(directives['script-src']).toEqual(["'self'"]);
  expect(directives['default-src']).toEqual(["'self'"]);
  expect(directives['frame-ancestors']).toEqual(["'none'"]);
  expect(csp).not.toMatch(/unsafe-eval/);
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
}

describe('web client served by the service (e2e)', () => {
  let t: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = fixtureDist();
    t = await createTestApp({ WEB_DIST_PATH: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / with no-cache and the security headers', async () => {
    const res = await t.http().get('/').set('Accept', HTML).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toContain('Ứng dụng cam kết');
    expectSecurityHeaders(res.headers);
  });

  it('serves hashed assets with a year of immutable caching, compressed when asked', async () => {
    const plain = await t.http().get('/assets/index-B7xQ2kLm.js').set('Accept-Encoding', 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toMatch(/javascript/);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(SCRIPT);

    // The bytes sent are the gzip copy; supertest inflates them again.
    const gz = await t.http().get('/assets/index-B7xQ2kLm.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(gz.headers['content-length'])).toBeLessThan(Buffer.byteLength(SCRIPT) / 4);
    expect(gz.text).toBe(SCRIPT);

    const br = await t.http().get('/assets/index-B7xQ2kLm.js').set('Accept-Encoding', 'br');
    expect(br.headers['content-encoding']).toBe('br');
  });

  it('revalidates the unhashed files of the build', async () => {
    const res = await t.http().get('/favicon.svg').expect(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it.each(['/cam-ket/3f1c2b8e-5d7a-4c1e-9b2f-0a1b2c3d4e5f', '/duyet-cam-ket?trang=2', '/bao-cao/'])(
    'answers index.html for a deep link or a reload of an app route: %s',
    async (path) => {
      const res = await t.http().get(path).set('Accept', HTML).expect(200);
      expect(res.text, path).toContain('Ứng dụng cam kết');
      expect(res.headers['cache-control'], path).toBe('no-cache');
      expectSecurityHeaders(res.headers);
    },
  );

  it.each(['/api', '/api/', '/api/khong-ton-tai', '/api/commitments/x/y/z'])(
    'answers the JSON 404 envelope for unknown /api paths, also when the client accepts HTML: %s',
    async (path) => {
      const res = await t.http().get(path).set('Accept', HTML).expect(404);
      expect(res.headers['content-type'], path).toMatch(/^application\/json/);
      expect(res.body, path).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    },
  );

  it('answers 404, not the app, for a missing file or a request that does not accept HTML', async () => {
    const asset = await t.http().get('/assets/index-khongco.js').set('Accept', '*/*').expect(404);
    expect(asset.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    await t.http().get('/cam-ket').set('Accept', 'application/json').expect(404);
    await t.http().post('/cam-ket').set('Accept', HTML).expect(404);
  });

  it('keeps the Swagger page and the document at /docs working, under the same policy', async () => {
    const page = await t.http().get('/docs').set('Accept', HTML).redirects(1).expect(200);
    expect(page.text).toMatch(/swagger/i);
    expectSecurityHeaders(page.headers);
    // Its scripts are files of this origin, which script-src 'self' allows; no inline <script>.
    expect(page.text).not.toMatch(/<script>(?!<\/script>)/);
    const init = await t.http().get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('SwaggerUIBundle');
    await t.http().get('/docs-json').expect(200);
    await t.http().get('/docs/khong-co.css').set('Accept', HTML).expect(404);
  });

  it('puts the security headers on API answers too', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expectSecurityHeaders(res.headers);
  });
});

describe('web client not built (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ WEB_DIST_PATH: join(tmpdir(), 'camket-khong-co-ban-dung') });
  });
  afterAll(() => t.close());

  it('still starts: the API answers and / says in Vietnamese and English to run npm run build', async () => {
    await t.http().get('/api/health').expect(200);
    for (const accept of [HTML, '*/*']) {
      const res = await t.http().get('/').set('Accept', accept).expect(503);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('Giao diện web chưa được dựng');
      expect(res.text).toContain('The web client is not built');
      expect(res.text).toContain('npm run build');
      expectSecurityHeaders(res.headers);
    }
    const deep = await t.http().get('/cam-ket/moi').set('Accept', HTML).expect(503);
    expect(deep.text).toContain('npm run build');
    const api = await t.http().get('/api/khong-ton-tai').set('Accept', HTML).expect(404);
    expect(api.body.code).toBe('NOT_FOUND');
  });
});
