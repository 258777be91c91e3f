// A small Dolibarr REST API over node:http for the bridge's tests: serves the recorded Dolibarr 23 answers
// (tests/fixtures/dolibarr), behaves like Dolibarr on paging, filters, empty lists and the API key, and can
// be told to fail (500, HTML, 401, 429, slowness, a cut connection). Our own client is never mocked.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'dolibarr');
export const fixture = <T = unknown>(name: string): T =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as T;

export type Row = Record<string, unknown> & { id: string };

export interface Logged {
  method: string;
  route: string;
  query: Record<string, string>;
  body: unknown;
  /** How many items a list answered (or -1). */
  items: number;
  status: number;
}

export type Fault =
  | 'html'
  | 'html404'
  | 500
  | 503
  | 429
  | 401
  | 403
  | 'slow'
  | 'cut'
  | 'lose-answer'
  | 'redirect';

interface FaultRule {
  when: (method: string, route: string, query: Record<string, string>) => boolean;
  fault: Fault;
  /** How many requests it hits; Infinity for all. */
  times: number;
}

export const API_KEY = 'test-api-key-0123456789';
export const PREFIX = '/dolibarr';
/** 2026-11-20T10:00:00Z: when the recorded records were last modified, in this fake. */
export const RECORDED_TMS = Date.UTC(2026, 10, 20, 10) / 1000;

export class FakeDolibarr {
  readonly thirdparties = new Map<string, Row>();
  readonly orders = new Map<string, Row>();
  readonly events: Row[] = [];
  readonly users: Row[] = [];
  /** tms of each record, as Unix seconds (the database's own column, not in the JSON). */
  readonly tms = new Map<string, number>();
  readonly log: Logged[] = [];
  /** Dolibarr's clock, as /status tells it. */
  now = Date.UTC(2026, 10, 28, 0, 12, 19) / 1000;
  slowMs = 2000;
  private faults: FaultRule[] = [];
  private nextEventId = 1000;
  private server: Server | null = null;
  port = 0;

  constructor() {
    for (const t of fixture<Row[]>('thirdparties')) this.putThirdParty(t, RECORDED_TMS);
    for (const o of fixture<Row[]>('orders')) this.putOrder(o, RECORDED_TMS);
    for (const e of fixture<Row[]>('agendaevents')) this.events.push(e);
    this.users.push(fixture<Row>('users_1'));
  }

  /** The address a user would type: the Dolibarr home, in a sub-folder. */
  get url(): string {
    return `http://127.0.0.1:${this.port}${PREFIX}`;
  }

  putThirdParty(t: Row, tms = this.now): void {
    this.thirdparties.set(t.id, t);
    this.tms.set(`t${t.id}`, tms);
  }

  putOrder(o: Row, tms = this.now): void {
    this.orders.set(o.id, o);
    this.tms.set(`o${o.id}`, tms);
  }

  /** Changes an order as a Dolibarr user would: fields, and tms set to Dolibarr's now. */
  editOrder(id: string, fields: Record<string, unknown>): void {
    const o = this.orders.get(id);
    if (!o) throw new Error(`no order ${id}`);
    this.putOrder({ ...o, ...fields, date_modification: this.now });
  }

  editThirdParty(id: string, fields: Record<string, unknown>): void {
    const t = this.thirdparties.get(id);
    if (!t) throw new Error(`no third party ${id}`);
    this.putThirdParty({ ...t, ...fields });
  }

  addUser(id: string, login: string): void {
    this.users.push({ ...fixture<Row>('users_1'), id, login, lastname: login });
  }

  fail(fault: Fault, when: FaultRule['when'] = () => true, times = Number.POSITIVE_INFINITY): void {
    this.faults.push({ when, fault, times });
  }

  heal(): void {
    this.faults = [];
  }

  requests(route: string, method = 'GET'): Logged[] {
    return this.log.filter((l) => l.route === route && l.method === method);
  }

  clearLog(): void {
    this.log.length = 0;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((ok) => this.server?.listen(0, '127.0.0.1', ok));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((ok) => s.close(() => ok()));
    this.server = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    const method = req.method ?? 'GET';
    const apiRoot = `${PREFIX}/api/index.php`;
    const route = url.pathname.startsWith(apiRoot) ? url.pathname.slice(apiRoot.length) : url.pathname;
    const entry: Logged = { method, route, query, body, items: -1, status: 0 };
    this.log.push(entry);
    const send = (status: number, payload: unknown, type = 'application/json; charset=utf-8'): boolean => {
      entry.status = status;
      if (Array.isArray(payload)) entry.items = payload.length;
      res.writeHead(status, { 'content-type': type });
      res.end(typeof payload === 'string' && !type.includes('json') ? payload : JSON.stringify(payload));
      return true;
    };
    const error = (code: number, message: string) => send(code, { error: { code, message } });

    if (!url.pathname.startsWith(apiRoot))
      return send(404, '<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>', 'text/html');

    const rule = this.faults.find((f) => f.times > 0 && f.when(method, route, query));
    if (rule) {
      rule.times--;
      switch (rule.fault) {
        case 'html':
          return send(
            200,
            '<!DOCTYPE html><html><head><title>Login</title></head><body>Dolibarr</body></html>',
            'text/html',
          );
        case 'redirect':
          entry.status = 301;
          res.writeHead(301, { location: `https://erp.example.com${PREFIX}/api/index.php${route}` });
          res.end();
          return true;
        case 'html404':
          return send(404, '<html><body>Not Found</body></html>', 'text/html');
        case 'slow':
          await new Promise((r) => setTimeout(r, this.slowMs));
          break;
        case 'cut':
          entry.status = -1;
          req.socket.destroy();
          return false;
        case 'lose-answer':
          // The request is processed, then the connection drops before the answer.
          this.route(
            method,
            route,
            query,
            body,
            () => true,
            () => true,
          );
          entry.status = -1;
          req.socket.destroy();
          return false;
        case 401:
          return error(401, 'Unauthorized: Access denied');
        case 403:
          return error(403, 'Forbidden: Access to this API is not allowed');
        case 429:
          res.setHeader('retry-after', '0');
          return error(429, 'Too Many Requests');
        default:
          return error(rule.fault, 'Internal Server Error: Error when retrieving list');
      }
    }
    if (req.headers.dolapikey !== API_KEY)
      return error(401, "Unauthorized: Failed to login to API. No parameter 'HTTP_DOLAPIKEY' on HTTP header");
    return this.route(method, route, query, body, send, error);
  }

  private route(
    method: string,
    route: string,
    query: Record<string, string>,
    body: unknown,
    send: (status: number, payload: unknown) => boolean,
    error: (code: number, message: string) => boolean,
  ): boolean {
    if (method === 'GET' && route === '/status') {
      const s = fixture<{ success: Record<string, unknown> }>('status');
      return send(200, { success: { ...s.success, timestamp_now_utc: this.now } });
    }
    if (method === 'GET' && route === '/users/info') return send(200, fixture('users_info'));
    if (method === 'GET' && route === '/thirdparties') {
      const rows = this.list([...this.thirdparties.values()], 't', query);
      if (rows === null) return error(400, 'Bad Request: Error when validating parameter sqlfilters');
      // Dolibarr 23 answers an empty list of third parties with a 404.
      return rows.length ? send(200, rows) : error(404, 'Not Found: No third party found');
    }
    const one = route.match(/^\/(thirdparties|orders)\/(\d+)$/);
    if (method === 'GET' && one) {
      const row = (one[1] === 'orders' ? this.orders : this.thirdparties).get(one[2] ?? '');
      return row ? send(200, row) : error(404, `Not Found: ${one[1]} not found`);
    }
    if (method === 'GET' && route === '/orders') {
      const rows = this.list([...this.orders.values()], 'o', query);
      if (rows === null) return error(400, 'Bad Request: Error when validating parameter sqlfilters');
      return send(200, rows);
    }
    if (method === 'GET' && route === '/users') {
      const m = (query.sqlfilters ?? '').match(/^\(t\.login:=:'([^']*)'\)$/);
      const rows = m ? this.users.filter((u) => u.login === m[1]) : this.users;
      return rows.length ? send(200, rows) : error(404, 'Not Found: No user found');
    }
    if (method === 'GET' && route === '/agendaevents') {
      const m = (query.sqlfilters ?? '').match(
        /^\(t\.fk_element:=:(\d+)\) and \(t\.elementtype:=:'order'\)$/,
      );
      if (query.sqlfilters && !m)
        return error(400, 'Bad Request: Error when validating parameter sqlfilters');
      const rows = m
        ? this.events.filter((e) => String(e.elementid) === m[1] && e.elementtype === 'order')
        : this.events;
      return send(200, this.page(rows, query));
    }
    if (method === 'POST' && route === '/agendaevents') {
      const b = (body ?? {}) as Record<string, unknown>;
      for (const f of ['type_code', 'label', 'datep', 'userownerid', 'elementtype', 'fk_element'])
        if (b[f] === undefined || b[f] === '') return error(400, `Bad Request: ${f} field missing`);
      if (!this.users.some((u) => String(u.id) === String(b.userownerid)))
        return error(500, 'Internal Server Error: Error creating event');
      const id = String(this.nextEventId++);
      this.events.push({
        ...b,
        id,
        elementid: String(b.fk_element),
        type_code: String(b.type_code),
        percentage: String(b.percentage),
      } as Row);
      return send(200, Number(id));
    }
    return error(404, 'Not Found');
  }

  /** Dolibarr's list: sqlfilters (the forms the bridge uses), sort by rowid, limit and page. */
  private list(rows: Row[], kind: 't' | 'o', query: Record<string, string>): Row[] | null {
    let out = [...rows];
    const filters = query.sqlfilters ? query.sqlfilters.split(' and ') : [];
    for (const f of filters) {
      const tms = f.match(/^\(t\.tms:>=:'(\d{4})(\d{2})(\d{2})'\)$/);
      if (tms) {
        const from = Date.UTC(Number(tms[1]), Number(tms[2]) - 1, Number(tms[3])) / 1000;
        out = out.filter((r) => (this.tms.get(`${kind}${r.id}`) ?? 0) >= from);
      } else if (f === '(t.client:>:0)') out = out.filter((r) => Number(r.client) > 0);
      else return null;
    }
    if (query.sortfield && query.sortfield !== 't.rowid') return null;
    out.sort((a, b) => Number(a.id) - Number(b.id));
    if (query.sortorder === 'DESC') out.reverse();
    return this.page(out, query);
  }

  private page(rows: Row[], query: Record<string, string>): Row[] {
    const limit = Number(query.limit ?? 100);
    const page = Number(query.page ?? 0);
    return limit > 0 ? rows.slice(page * limit, page * limit + limit) : rows;
  }
}

/** More orders like the recorded ones: `count` copies of order 2 with new ids and refs, on third party 1. */
export function moreOrders(fake: FakeDolibarr, count: number, firstId = 100): void {
  const model = fake.orders.get('2');
  if (!model) throw new Error('fixture order 2 missing');
  for (let i = 0; i < count; i++) {
    const id = String(firstId + i);
    fake.putOrder(
      { ...model, id, ref: `CO2611-${String(firstId + i).padStart(4, '0')}`, ref_client: `PO-${id}` },
      RECORDED_TMS,
    );
  }
}

/** More third parties like the recorded ones: copies of third party 2 with new ids and codes. */
export function moreThirdParties(fake: FakeDolibarr, count: number, firstId = 100): void {
  const model = fake.thirdparties.get('2');
  if (!model) throw new Error('fixture third party 2 missing');
  for (let i = 0; i < count; i++) {
    const id = String(firstId + i);
    fake.putThirdParty(
      { ...model, id, name: `Client ${id}`, code_client: `CU-${id}`, email: `c${id}@example.test` },
      RECORDED_TMS,
    );
  }
}
