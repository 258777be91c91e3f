// What the record pages share: the frame of the current request, HTML error pages, tabs, and refused input
// (zod issues, service errors) turned into messages placed next to the fields.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { ZodError } from 'zod';
import type { AppEnv } from '../../api/app-env.ts';
import { AppError } from '../../shared/errors.ts';
import { Layout, type PageFrame } from '../layout.tsx';
import { toHtml } from '../render.ts';
import { languageHref } from '../web-auth.ts';
import type { FieldErrors } from './form.tsx';

function frameOf(c: Context<AppEnv>, path: string): PageFrame {
  return {
    t: c.get('t'),
    locale: c.get('locale'),
    actor: c.get('actor'),
    csrf: c.get('csrf'),
    path,
    langHref: languageHref(c),
  };
}

type PageStatus = 200 | 400 | 403 | 404 | 409 | 422;

/** Renders a full page in the layout. */
export function renderPage(
  c: Context<AppEnv>,
  opts: { title: string; path: string; status?: PageStatus },
  body: Child,
): Response | Promise<Response> {
  return c.html(
    toHtml(
      <Layout {...frameOf(c, opts.path)} title={opts.title}>
        {body}
      </Layout>,
    ),
    opts.status ?? 200,
  );
}

/** The 403 and 404 pages: a title in the user's language and a way back. */
export function errorPage(c: Context<AppEnv>, status: 403 | 404, back = '/'): Response | Promise<Response> {
  const t = c.get('t');
  const title = status === 403 ? t('error.forbidden') : t('error.notFound');
  return renderPage(
    c,
    { title, path: new URL(c.req.url).pathname, status },
    <article>
      <h1>{title}</h1>
      <p>
        <a href={back}>{t('menu.dashboard')}</a>
      </p>
    </article>,
  );
}

/** Runs a page handler; a service's "not allowed" or "not found" becomes the HTML 403 or 404 page. */
export async function guarded(c: Context<AppEnv>, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (err) {
    if (err instanceof AppError && err.code === 'forbidden') return errorPage(c, 403);
    if (err instanceof AppError && err.code === 'not_found') return errorPage(c, 404);
    throw err;
  }
}

/** A form body as plain strings (files are ignored: no form here uploads). */
export async function formStrings(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The query string's non-empty values among `keys` (an empty select means "all"). */
export function pickQuery(c: Context<AppEnv>, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = c.req.query(k);
    if (v !== undefined && v.trim() !== '') out[k] = v;
  }
  return out;
}

export type FieldProblem = 'invalid' | 'conflict' | 'unknown';

/**
 * Turns a refusal into per-field messages in the user's language: zod issues and 422 are "invalid" (or
 * "unknown" for a reference to a missing record), 409 is "conflict". Returns null for other errors.
 */
export function fieldErrorsOf(
  err: unknown,
  message: (field: string, problem: FieldProblem) => string,
): FieldErrors | null {
  const out: FieldErrors = {};
  const put = (path: string, problem: FieldProblem) => {
    const field = path.split('.')[0] || '_form';
    if (!out[field]) out[field] = message(field, problem);
  };
  if (err instanceof ZodError) {
    for (const issue of err.issues) {
      if (issue.code === 'unrecognized_keys') continue;
      put(issue.path.map(String).join('.'), 'invalid');
    }
    return out;
  }
  if (err instanceof AppError && (err.code === 'unprocessable' || err.code === 'conflict')) {
    const problem: FieldProblem = err.code === 'conflict' ? 'conflict' : 'unknown';
    for (const e of err.errors ?? [{ path: '_form', message: err.message }]) put(e.path, problem);
    return out;
  }
  return null;
}

/** A message for the whole form (CSRF refusal, a conflict without a field), shown above it. */
export function FormAlert(props: { message: string | undefined }) {
  return props.message ? (
    <p role="alert" class="field-error form-alert">
      {props.message}
    </p>
  ) : null;
}

export interface Tab {
  href: string;
  label: string;
}

/** Tabs of a record card: plain links, the current one marked for assistive technology. */
export function Tabs(props: { tabs: Tab[]; current: string; label: string }) {
  return (
    <nav class="tabs" aria-label={props.label}>
      <ul>
        {props.tabs.map((tab) => (
          <li>
            <a href={tab.href} aria-current={tab.href === props.current ? 'page' : undefined}>
              {tab.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A row of a record card's table: the field's label as the row header, then its value. */
export function recordRow(label: string, value: Child) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{value}</td>
    </tr>
  );
}

/** An option of a select, selected when it matches the current value. */
export function Option(props: { value: string; current: string | undefined; children: Child }) {
  return (
    <option value={props.value} selected={props.value === (props.current ?? '')}>
      {props.children}
    </option>
  );
}
