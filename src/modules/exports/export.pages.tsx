// Downloads of the lists: /followups/export.csv|json|ndjson and /orders/export.csv|json|ndjson take the list
// pages' own query parameters, answer with what the logged-in user may see, and stream page by page.
import type { Context, Hono } from 'hono';
import type { ZodType } from 'zod';
import type { AppEnv } from '../../api/app-env.ts';
import { dayOf } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { errorPage, renderPage } from '../../web/components/page-kit.tsx';
import { requireLogin } from '../../web/web-auth.ts';
import { customerOfFilter } from '../customers/customer.service.ts';
import { orderByRef } from '../followups/followup-picker.ts';
import { DELIMITERS } from './csv-write.ts';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportOptions,
  exportFollowups,
  exportOrders,
  FollowupExportQuery,
  OrderExportQuery,
} from './export.service.ts';

type Ctx = Context<AppEnv>;

/** Parameters of the list pages that mean nothing to a whole-list download. */
const IGNORED = new Set(['lang', 'cursor', 'limit', 'delimiter']);

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** The query string as the list page reads it: non-empty values, the last one when repeated. */
function listParams(c: Ctx): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URL(c.req.url).searchParams) {
    if (IGNORED.has(k)) continue;
    if (v.trim() === '') delete out[k];
    else out[k] = v.trim();
  }
  return out;
}

class BadFilter extends Error {}

function badFilterPage(c: Ctx, list: '/followups' | '/orders', message: string) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t('export.badFilter'), path: list, status: 400 },
    <article>
      <h1>{t('export.badFilter')}</h1>
      <p role="alert" class="field-error">
        {message}
      </p>
      <a href={list}>{t(list === '/followups' ? 'menu.followups' : 'menu.orders')}</a>
    </article>,
  );
}

function parse<T>(schema: ZodType<T>, raw: Record<string, string>): T {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  throw new BadFilter(r.error.issues.map((i) => `${String(i.path[0] ?? '')}: ${i.message}`).join('; '));
}

/** A stream that reads the next page only when the client has taken the previous one. */
function streamOf(first: string, chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pending: string | null = first;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (pending !== null) {
        controller.enqueue(encoder.encode(pending));
        pending = null;
        return;
      }
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

async function download(
  c: Ctx,
  list: '/followups' | '/orders',
  format: ExportFormat,
  produce: (options: ExportOptions) => Promise<AsyncGenerator<string>>,
): Promise<Response> {
  const t = c.get('t');
  const delimiterName = c.req.query('delimiter');
  const options: ExportOptions = {
    format,
    locale: c.get('locale'),
    ...(delimiterName && Object.hasOwn(DELIMITERS, delimiterName)
      ? { delimiter: DELIMITERS[delimiterName as keyof typeof DELIMITERS] }
      : {}),
  };
  let chunks: AsyncGenerator<string>;
  let first: IteratorResult<string>;
  try {
    chunks = await produce(options);
    // The first chunk comes after the first page is read: a refused filter still gets a proper page.
    first = await chunks.next();
  } catch (err) {
    if (err instanceof BadFilter || (err instanceof AppError && err.code === 'bad_request'))
      return badFilterPage(c, list, err.message);
    if (err instanceof AppError && (err.code === 'forbidden' || err.code === 'not_found'))
      return errorPage(c, 404);
    throw err;
  }
  const { clock } = c.get('ctx');
  const day = dayOf(clock.now(), clock.zone);
  const name = `${t(list === '/followups' ? 'export.file.followups' : 'export.file.orders')}-${day}.${format}`;
  return new Response(streamOf(first.done ? '' : first.value, chunks), {
    headers: {
      'content-type': CONTENT_TYPE[format],
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'private, no-store',
    },
  });
}

async function followupsDownload(c: Ctx, format: ExportFormat): Promise<Response> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  return download(c, '/followups', format, async (options) => {
    const raw = listParams(c);
    // The follow-up list also filters by a typed customer (code or name) or order ref.
    if (raw.customer !== undefined) {
      const found = await customerOfFilter(ctx, actor, raw.customer);
      if (typeof found !== 'object') throw new BadFilter(`customer: ${raw.customer}`);
      raw.customerId = String(found.id);
      delete raw.customer;
    }
    if (raw.order !== undefined) {
      const found = await orderByRef(ctx, actor, raw.order.slice(0, 60));
      if (!found) throw new BadFilter(`order: ${raw.order}`);
      raw.orderId = String(found.id);
      delete raw.order;
    }
    return exportFollowups(ctx, actor, parse(FollowupExportQuery, raw), options);
  });
}

async function ordersDownload(c: Ctx, format: ExportFormat): Promise<Response> {
  return download(c, '/orders', format, async (options) => {
    const query = parse(OrderExportQuery, listParams(c));
    // As the order list page: filtered on a due state, the longest-waiting order comes first.
    const sort = query.sort ?? (query.due && query.due !== 'never' ? 'nextFollowupAt' : undefined);
    return exportOrders(c.get('ctx'), c.get('actor'), { ...query, ...(sort ? { sort } : {}) }, options);
  });
}

export function registerExportPages(app: Hono<AppEnv>): void {
  for (const format of EXPORT_FORMATS) {
    app.get(`/followups/export.${format}`, requireLogin, (c) => followupsDownload(c, format));
    app.get(`/orders/export.${format}`, requireLogin, (c) => ordersDownload(c, format));
  }
}
