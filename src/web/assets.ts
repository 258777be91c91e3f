// Static assets served from the app itself (no CDN): Pico CSS and htmx from node_modules, our own files.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from '../api/app-env.ts';

const require = createRequire(import.meta.url);
const pkgDir = (name: string) => join(require.resolve(`${name}/package.json`), '..');

/** name → file on disk. Other modules may add theirs with registerAsset. */
const files = new Map<string, string>([
  ['pico.min.css', join(pkgDir('@picocss/pico'), 'css', 'pico.min.css')],
  ['htmx.min.js', join(pkgDir('htmx.org'), 'dist', 'htmx.min.js')],
  ['app.css', join(import.meta.dirname, 'assets', 'app.css')],
  ['app.js', join(import.meta.dirname, 'assets', 'app.js')],
]);

export function registerAsset(name: string, file: string): void {
  files.set(name, file);
}

const types: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
};

const cache = new Map<string, Uint8Array<ArrayBuffer>>();

export function registerAssets(app: Hono<AppEnv>): void {
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    const file = files.get(name);
    if (!file) return c.notFound();
    let body = cache.get(name);
    if (!body) {
      body = new Uint8Array(readFileSync(file)) as Uint8Array<ArrayBuffer>;
      cache.set(name, body);
    }
    return c.body(body, 200, {
      'content-type': types[name.split('.').pop() ?? ''] ?? 'application/octet-stream',
      'cache-control': 'public, max-age=3600',
    });
  });
}
