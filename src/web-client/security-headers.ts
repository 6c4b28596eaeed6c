import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * Headers on every response (UI.md: the app's responses carry a CSP without inline scripts,
 * `frame-ancestors 'none'`, Referrer-Policy and X-Content-Type-Options). One policy serves the app
 * and the Swagger page at /docs: both load their scripts from this origin only and set inline
 * styles (Mantine's style attributes and its <style> element; Swagger UI's <style> block), which
 * `style-src 'unsafe-inline'` allows. Images may be data: URLs (icons of both).
 */
export const SECURITY_HEADERS: FastifyHelmetOptions = {
  global: true,
  contentSecurityPolicy: {
    // No helmet defaults: they add upgrade-insecure-requests, which breaks a service reached over
    // plain HTTP on a local network (every script would be asked for over HTTPS).
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // The same as frame-ancestors 'none', for browsers that read only this header.
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};
