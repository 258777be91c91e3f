// A logged-in visitor for page tests through app.request(): keeps the session cookie, knows its CSRF token,
// and reads pages the way a user sees them.
import { expect } from 'vitest';
import type { createApp } from '../../src/app.ts';

type App = ReturnType<typeof createApp>;

export interface Visitor {
  login: string;
  csrf: string;
  /** The session cookie, for requests get/post do not make (file uploads, reading a response's headers). */
  cookie: string;
  get(path: string): Promise<Page>;
  /** Posts a form; the session's CSRF token is added unless `csrf` is given (use '' to send none). */
  post(path: string, fields: Record<string, string>, opts?: { csrf?: string }): Promise<Page>;
}

export interface Page {
  status: number;
  location: string | null;
  html: string;
}

async function toPage(res: Response): Promise<Page> {
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

/** Logs in through POST /login, as a browser would, and keeps the cookie. */
export async function logIn(app: App, login: string, password = 'password-123'): Promise<Visitor> {
  const res = await app.request('/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password, next: '/' }).toString(),
  });
  expect(res.status, `log in as ${login}`).toBe(303);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(cookie).toMatch(/^relance_session=/);
  const headers = { cookie };
  const get = async (path: string) => toPage(await app.request(path, { headers }));
  const home = await get('/');
  const csrf = /<meta name="csrf-token" content="([^"]*)"/.exec(home.html)?.[1] ?? '';
  expect(csrf, 'the page carries the CSRF token').not.toBe('');
  return {
    login,
    csrf,
    cookie,
    get,
    post: async (path, fields, opts = {}) => {
      const token = opts.csrf ?? csrf;
      const body = new URLSearchParams(token ? { ...fields, _csrf: token } : fields);
      return toPage(
        await app.request(path, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          body: body.toString(),
        }),
      );
    },
  };
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** The visible text of some HTML, entities decoded and white space (including narrow spaces) collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#?\w+);/g, (m, name: string) => entities[name] ?? m)
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();
}

/** The inner HTML of each element with this tag (no nesting of the same tag expected). */
export function elements(html: string, tag: string): string[] {
  const re = new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'g');
  return [...html.matchAll(re)].map((m) => m[1] ?? '');
}

/** The visible texts of the table's column headers, without the sort arrow. */
export const headers = (html: string): string[] =>
  elements(html, 'th').map((h) => textOf(h).replace(/ [▲▼]$/, ''));

/** The value of an input by name, as the page shows it. */
export function inputValue(html: string, name: string): string | null {
  const tag = new RegExp(`<input\\b[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0];
  if (!tag) return null;
  const v = /\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '';
  return v.replace(/&(#?\w+);/g, (m, e: string) => entities[e] ?? m);
}

/** The selected option's value of a select by name. */
export function selectedValue(html: string, name: string): string | null {
  const select = new RegExp(`<select\\b[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1];
  if (select === undefined) return null;
  return /<option\b[^>]*value="([^"]*)"[^>]*selected/.exec(select)?.[1] ?? null;
}

/** The field error shown next to the field named `name` (Field renders it with id `${name}-error`). */
export function fieldError(html: string, name: string): string | null {
  const m = new RegExp(`<small[^>]*id="${name}-error"[^>]*>([\\s\\S]*?)</small>`).exec(html);
  return m ? textOf(m[1] ?? '') : null;
}

/** The hrefs of the links in the page. */
export const links = (html: string): string[] =>
  [...html.matchAll(/<a\b[^>]*href="([^"]*)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
