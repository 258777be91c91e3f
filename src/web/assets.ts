// Static assets served from the app itself (no CDN): Pico CSS and htmx from node_modules, our own files.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from '../api/app-env.ts';

const require = createRequire(import.meta.url);
const pkgDir = (name: string) => join(require.resolve(`${name}/package.json`), '..');

/** The project's folder: the nearest one above this module with a package.json (src/web/ or dist/). */
function projectRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${import.meta.dirname}`);
    dir = up;
  }
  return dir;
}

const OWN_ASSETS = join(projectRoot(), 'src', 'web', 'assets');

/**
 * A file of src/web/assets. Found from the project's folder rather than from the calling module, so that
 * the path is the same when the server runs from the sources and from the bundle (dist/relance.mjs).
 */
export function ownAsset(file: string): string {
  return join(OWN_ASSETS, file);
}

/** name → file on disk. Other modules may add theirs with registerAsset. */
const files = new Map<string, string>([
  ['pico.min.css', join(pkgDir('@picocss/pico'), 'css', 'pico.min.css')],
  ['htmx.min.js', join(pkgDir('htmx.org'), 'dist', 'htmx.min.js')],
  ['app.css', ownAsset('app.css')],
  ['app.js', ownAsset('app.js')],
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
