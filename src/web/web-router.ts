// The web pages. Until the web issue lands, a minimal home page that points to the API.
import type { Hono } from 'hono';
import type { AppEnv } from '../api/app-env.ts';

export function registerWeb(app: Hono<AppEnv>): void {
  app.get('/', (c) =>
    c.html(
      '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Relance</title></head><body><h1>Relance</h1><p><a href="/api/docs">API</a></p></body></html>',
    ),
  );
}
