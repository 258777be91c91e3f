import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers.ts';

/** What every answer must carry (hono/secure-headers' defaults, less CSP and COEP). */
const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

function app(): Hono {
  const a = new Hono();
  a.use('*', securityHeaders());
  a.get('/page', (c) => c.html('<p>page</p>'));
  a.get('/json', (c) => c.json({ ok: true }, 201));
  a.get('/cookie', (c) => {
    c.header('Set-Cookie', 'a=1; HttpOnly');
    c.header('Set-Cookie', 'b=2; HttpOnly', { append: true });
    return c.redirect('/page', 303);
  });
  a.get('/fails', () => {
    throw new Error('boom');
  });
  a.onError((_e, c) => c.text('failed', 500));
  return a;
}

function expectSecurityHeaders(headers: Headers): void {
  for (const [name, value] of SECURITY_HEADERS) expect(headers.get(name), name).toBe(value);
  expect(headers.get('content-security-policy')).toBeNull();
  expect(headers.get('cross-origin-embedder-policy')).toBeNull();
}

describe('the security headers', () => {
  it('are on every answer of the app called without a server (tests)', async () => {
    for (const path of ['/page', '/json', '/cookie', '/fails', '/missing']) {
      const res = await app().request(path);
      expectSecurityHeaders(res.headers);
    }
  });

  describe('behind the Node server', () => {
    let server: ReturnType<typeof serve>;
    let base = '';
    beforeAll(async () => {
      await new Promise<void>((ready) => {
        server = serve({ fetch: app().fetch, port: 0, hostname: '127.0.0.1' }, () => ready());
      });
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((done) => server.close(() => done())));

    it('are on pages, JSON, redirects with cookies, errors and 404s, beside the answer own headers', async () => {
      const page = await fetch(`${base}/page`);
      expectSecurityHeaders(page.headers);
      expect(page.headers.get('content-type')).toBe('text/html; charset=UTF-8');
      expect(await page.text()).toBe('<p>page</p>');

      const json = await fetch(`${base}/json`);
      expect(json.status).toBe(201);
      expectSecurityHeaders(json.headers);
      expect(await json.json()).toEqual({ ok: true });

      const redirect = await fetch(`${base}/cookie`, { redirect: 'manual' });
      expect(redirect.status).toBe(303);
      expectSecurityHeaders(redirect.headers);
      expect(redirect.headers.getSetCookie()).toEqual(['a=1; HttpOnly', 'b=2; HttpOnly']);
      expect(redirect.headers.get('location')).toBe('/page');

      for (const [path, status] of [
        ['/fails', 500],
        ['/missing', 404],
      ] as const) {
        const res = await fetch(`${base}${path}`);
        expect(res.status, path).toBe(status);
        expectSecurityHeaders(res.headers);
      }
    });
  });
});
