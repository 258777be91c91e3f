// Finds slow follow-up lists: times page 1 and page 2 (by its cursor) of every filter × sort combination,
// through a running server, one request at a time, best of three, and prints those slower than a threshold.
// The benchmark measures a few lists under load; this looks at all of them, one by one (issue 4).
//
//   node --import tsx tests/perf/list-sweep.ts --base http://127.0.0.1:4711 --token rl_… [--cookie relance_session=…]
//        [--customer ID] [--order ID] [--user ID] [--over 15]
//
// --token: an API token (a manager's or an administrator's sees every list); --cookie: a web session's
// cookie, for the HTML list as that user sees it (a salesperson's: their customers only). The ids name a
// customer, an order and a user of the data set (the salesperson's customer, for the HTML list).
import { parseArgs } from 'node:util';
import { FOLLOWUP_SORTS } from '../../src/modules/followups/followup.schemas.ts';

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

const SORTS = FOLLOWUP_SORTS.flatMap((s) => [s, `-${s}`]);
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
  headers: Record<string, string>,
  nextCursorOf: (body: string) => string | null,
): Promise<void> {
  for (const filter of filters)
    for (const sort of SORTS) {
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
          line: `${kind} ${query}: page 1 ${first.ms.toFixed(1)} ms, page 2 ${second?.ms.toFixed(1) ?? '-'} ms`,
        });
    }
}

const started = performance.now();
if (o.token)
  await sweep(
    'API',
    '/api/v1/followups',
    [...COMMON, ...API_ONLY],
    { Authorization: `Bearer ${o.token}` },
    (b) => (JSON.parse(b) as { nextCursor: string | null }).nextCursor,
  );
if (o.cookie)
  await sweep('HTML', '/followups', COMMON, { Cookie: o.cookie }, (b) => {
    const m = /[?&;]cursor=([^"&]+)/.exec(b);
    return m?.[1] ? decodeURIComponent(m[1].replaceAll('&amp;', '&')) : null;
  });
console.log(
  `${requests} lists in ${((performance.now() - started) / 1000).toFixed(0)} s; ${slow.length} slower than ${over} ms:`,
);
for (const s of slow.sort((a, b) => b.worst - a.worst))
  console.log(`${s.worst.toFixed(1).padStart(8)} ms  ${s.line}`);
