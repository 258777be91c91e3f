// Finds slow lists: times page 1 and page 2 (by its cursor) of every filter × sort combination of the
// follow-ups', orders' and customers' lists, on the API and the HTML pages, through a running server, one
// request at a time, best of three, and prints those slower than a threshold.
// The benchmark measures a few lists under load; this looks at all of them, one by one (issue 4).
//
//   node --import tsx tests/perf/list-sweep.ts --base http://127.0.0.1:4711 --token rl_… [--cookie relance_session=…]
//        [--customer ID] [--order ID] [--user ID] [--over 15]
//
// --token: an API token (a manager's or an administrator's sees every list); --cookie: a web session's
// cookie, for the HTML lists as that user sees them (a salesperson's: their customers only). The ids name a
// customer, an order and a user of the data set (the salesperson's customer, for the HTML list).
import { parseArgs } from 'node:util';
import { CUSTOMER_SORTS } from '../../src/modules/customers/customer.schemas.ts';
import { FOLLOWUP_SORTS } from '../../src/modules/followups/followup.schemas.ts';
import { ORDER_SORTS } from '../../src/modules/orders/order.schemas.ts';

const { values: o } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://127.0.0.1:4711' },
    token: { type: 'string' },
    cookie: { type: 'string' },
    customer: { type: 'string', default: '1' },
    order: { type: 'string', default: '1' },
    user: { type: 'string', default: '2' },
    over: { type: 'string', default: '15' },
  },
});
if (!o.token && !o.cookie) {
  console.error('Give --token (API lists) and/or --cookie (HTML list).');
  process.exit(2);
}
const over = Number(o.over);

const bothWays = (sorts: readonly string[]) => sorts.flatMap((s) => [s, `-${s}`]);
/** Filters both lists take (the HTML list's names are the API's for these). */
const COMMON = [
  '',
  `customerId=${o.customer}`,
  `userId=${o.user}`,
  'channel=phone',
  'channel=meeting',
  'due=overdue',
  'due=today',
  'due=week',
  'q=Rousseau',
  `userId=${o.user}&channel=letter`,
  'channel=email&due=overdue',
];
/** Filters of the API only. (The dates suit the benchmark's data set, seeded up to 2026-11-28.) */
const API_ONLY = [
  `orderId=${o.order}`,
  `assigneeId=${o.user}`,
  'doneFrom=2026-11-21',
  'doneTo=2025-06-01',
  'nextFrom=2026-12-01&nextTo=2026-12-07',
  'nextTo=2026-01-01',
  `userId=${o.user}&doneFrom=2026-01-01`,
];

async function best(url: string, headers: Record<string, string>): Promise<{ ms: number; body: string }> {
  let ms = Number.POSITIVE_INFINITY;
  let body = '';
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const res = await fetch(o.base + url, { headers });
    body = await res.text();
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${body.slice(0, 200)}`);
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, body };
}

const slow: { worst: number; line: string }[] = [];
let requests = 0;
async function sweep(
  kind: string,
  path: string,
  filters: string[],
  sorts: readonly string[],
  headers: Record<string, string>,
  nextCursorOf: (body: string) => string | null,
): Promise<void> {
  for (const filter of filters)
    for (const sort of bothWays(sorts)) {
      const query = `${filter ? `${filter}&` : ''}sort=${sort}`;
      const first = await best(`${path}?${query}`, headers);
      requests++;
      const cursor = nextCursorOf(first.body);
      const second = cursor
        ? await best(`${path}?${query}&cursor=${encodeURIComponent(cursor)}`, headers)
        : null;
      if (second) requests++;
      const worst = Math.max(first.ms, second?.ms ?? 0);
      if (worst > over)
        slow.push({
          worst,
          line: `${kind} ${path.replace('/api/v1', '')}?${query}: page 1 ${first.ms.toFixed(1)} ms, page 2 ${second?.ms.toFixed(1) ?? '-'} ms`,
        });
    }
}

/** The orders' and customers' lists (the same filters on the API and the HTML pages). */
const ORDER_FILTERS = [
  '',
  `customerId=${o.customer}`,
  'status=validated',
  'status=delivered',
  'due=overdue',
  'due=today',
  'due=week',
  'due=due',
  'due=never',
  `assigneeId=${o.user}`,
  'q=Rousseau',
  'q=BK0',
  'status=in_progress&due=overdue',
];
const CUSTOMER_FILTERS = [
  '',
  'kind=prospect',
  'kind=customer',
  `salesRepId=${o.user}`,
  'q=Rousseau',
  'q=Lyon',
];

const api = { Authorization: `Bearer ${o.token}` };
const apiCursor = (b: string) => (JSON.parse(b) as { nextCursor: string | null }).nextCursor;
const htmlCursor = (b: string) => {
  const m = /[?&;]cursor=([^"&]+)/.exec(b);
  return m?.[1] ? decodeURIComponent(m[1].replaceAll('&amp;', '&')) : null;
};
const started = performance.now();
if (o.token) {
  await sweep('API', '/api/v1/followups', [...COMMON, ...API_ONLY], FOLLOWUP_SORTS, api, apiCursor);
  await sweep('API', '/api/v1/orders', ORDER_FILTERS, ORDER_SORTS, api, apiCursor);
  await sweep('API', '/api/v1/customers', CUSTOMER_FILTERS, CUSTOMER_SORTS, api, apiCursor);
}
if (o.cookie) {
  const html = { Cookie: o.cookie };
  await sweep('HTML', '/followups', COMMON, FOLLOWUP_SORTS, html, htmlCursor);
  await sweep('HTML', '/orders', ORDER_FILTERS, ORDER_SORTS, html, htmlCursor);
  // (A salesperson's customer list has no sales rep filter.)
  await sweep(
    'HTML',
    '/customers',
    CUSTOMER_FILTERS.filter((f) => !f.startsWith('salesRepId')),
    CUSTOMER_SORTS,
    html,
    htmlCursor,
  );
}
console.log(
  `${requests} lists in ${((performance.now() - started) / 1000).toFixed(0)} s; ${slow.length} slower than ${over} ms:`,
);
for (const s of slow.sort((a, b) => b.worst - a.worst))
  console.log(`${s.worst.toFixed(1).padStart(8)} ms  ${s.line}`);
