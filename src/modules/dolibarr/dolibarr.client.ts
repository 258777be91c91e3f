// HTTP client of Dolibarr's REST API: the API key header, a timeout per request, retries with exponential
// back-off for network errors, timeouts, 5xx and 429, pages of lists, and one clear message per failure.
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../shared/errors.ts';

export type DolibarrFailure =
  | 'network'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'server'
  | 'not_json'
  | 'redirect'
  | 'rejected'
  | 'aborted';

/** A failed exchange with Dolibarr, with a one-line message that says what to fix. */
export class DolibarrError extends AppError {
  readonly failure: DolibarrFailure;
  readonly httpStatus: number | null;
  constructor(failure: DolibarrFailure, message: string, httpStatus: number | null = null) {
    super('unavailable', message);
    this.name = 'DolibarrError';
    this.failure = failure;
    this.httpStatus = httpStatus;
  }
}

export interface DolibarrClientOptions {
  /** The API root, e.g. https://erp.example.com/api/index.php (see apiRootOf). */
  apiRoot: string;
  key: string;
  /** Per request, default 30 s. */
  timeoutMs?: number;
  /** Further attempts after the first for what may pass (network, timeout, 5xx, 429); default 3. */
  retries?: number;
  /** First back-off delay, doubled at each retry (with jitter); default 1 s. */
  backoffMs?: number;
  /** Cancels the requests in flight and the waits (the server is stopping). */
  signal?: AbortSignal;
}

type Query = Record<string, string | number | undefined>;

interface Answer {
  status: number;
  body: unknown;
}

const RETRY_AFTER_CAP_MS = 60_000;

/** The message of a Dolibarr (Restler) error body, e.g. {"error":{"code":401,"message":"Unauthorized: …"}}. */
function errorMessageOf(body: unknown): string | null {
  const e = (body as { error?: { message?: unknown } } | null)?.error;
  return typeof e?.message === 'string' ? e.message.slice(0, 200) : null;
}

const looksHtml = (text: string) => /^\s*(<!doctype|<html|<\?xml|<head|<body|<)/i.test(text);

function networkCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}

export class DolibarrClient {
  readonly apiRoot: string;
  private readonly key: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly signal: AbortSignal | undefined;
  /** Requests sent, for the report. */
  requests = 0;

  constructor(o: DolibarrClientOptions) {
    this.apiRoot = o.apiRoot.replace(/\/+$/, '');
    this.key = o.key;
    this.timeoutMs = o.timeoutMs ?? 30_000;
    this.retries = o.retries ?? 3;
    this.backoffMs = o.backoffMs ?? 1000;
    this.signal = o.signal;
  }

  private urlOf(path: string, query: Query = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return `${this.apiRoot}${path}${qs ? `?${qs}` : ''}`;
  }

  /** GET that must answer 2xx JSON. */
  async get(path: string, query: Query = {}): Promise<unknown> {
    const a = await this.send('GET', path, query, undefined, { retry: true });
    if (a.status === 404) throw this.notFound(path, a.body);
    return a.body;
  }

  /** GET of a single record; null when Dolibarr says 404 in JSON (the record does not exist). */
  async getOrNull(path: string, query: Query = {}): Promise<unknown> {
    const a = await this.send('GET', path, query, undefined, { retry: true });
    return a.status === 404 ? null : a.body;
  }

  /**
   * One page of a list. Dolibarr answers an empty page with [] (orders, events) or with a JSON 404
   * (third parties, users): both are an empty page.
   */
  async listPage(path: string, query: Query, page: number, limit: number): Promise<unknown[]> {
    const a = await this.send('GET', path, { ...query, limit, page }, undefined, { retry: true });
    if (a.status === 404) return [];
    if (!Array.isArray(a.body))
      throw new DolibarrError(
        'not_json',
        `Dolibarr answered GET ${path} with something other than a list: check --url points to Dolibarr's REST API`,
      );
    return a.body;
  }

  /** Every page of a list, in Dolibarr's order, `limit` items at a time. */
  async *pages(path: string, query: Query, limit: number): AsyncGenerator<unknown[]> {
    let previousFirst: string | null = null;
    for (let page = 0; ; page++) {
      const items = await this.listPage(path, query, page, limit);
      if (items.length === 0) return;
      const first = JSON.stringify((items[0] as { id?: unknown } | null)?.id ?? null);
      if (page > 0 && first === previousFirst)
        throw new DolibarrError(
          'rejected',
          `Dolibarr sent page ${page} of ${path} twice: it seems to ignore the "page" parameter (a proxy rewriting the query?)`,
        );
      previousFirst = first;
      yield items;
      if (items.length < limit) return;
    }
  }

  /**
   * POST without automatic retry: a lost answer may hide a created record, so the caller decides (it
   * looks for the record before trying again). Any failure throws; 4xx other than auth are 'rejected'.
   */
  async post(path: string, body: unknown): Promise<unknown> {
    const a = await this.send('POST', path, {}, body, { retry: false });
    if (a.status === 404) throw this.notFound(path, a.body);
    return a.body;
  }

  private notFound(path: string, body: unknown): DolibarrError {
    return new DolibarrError(
      'not_found',
      `Dolibarr answered 404 to ${path}${errorMessageOf(body) ? ` (${errorMessageOf(body)})` : ''}`,
      404,
    );
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    query: Query,
    body: unknown,
    o: { retry: boolean },
  ): Promise<Answer> {
    const attempts = o.retry ? this.retries + 1 : 1;
    let last: DolibarrError | null = null;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let wait = 0;
      try {
        return await this.once(method, path, query, body);
      } catch (err) {
        if (!(err instanceof Retryable)) throw err;
        last = err.error;
        wait = err.retryAfterMs ?? this.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
      }
      if (attempt < attempts) await this.pause(wait);
    }
    const error = last ?? new DolibarrError('network', `Dolibarr could not be reached for ${method} ${path}`);
    if (attempts > 1)
      throw new DolibarrError(error.failure, `${error.message} (tried ${attempts} times)`, error.httpStatus);
    throw error;
  }

  /** Waits before attempt `attempt + 1` (1-based), as the GET retries do; for callers that retry themselves. */
  async backoff(attempt: number): Promise<void> {
    await this.pause(this.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
  }

  get maxAttempts(): number {
    return this.retries + 1;
  }

  private async pause(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, this.signal ? { signal: this.signal } : {});
    } catch {
      throw new DolibarrError('aborted', 'The Dolibarr sync was stopped (the server is shutting down)');
    }
  }

  private async once(method: 'GET' | 'POST', path: string, query: Query, body: unknown): Promise<Answer> {
    if (this.signal?.aborted)
      throw new DolibarrError('aborted', 'The Dolibarr sync was stopped (the server is shutting down)');
    const url = this.urlOf(path, query);
    const where = `${method} ${this.apiRoot}${path}`;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = this.signal ? AbortSignal.any([timeout, this.signal]) : timeout;
    this.requests++;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method,
        headers: {
          DOLAPIKEY: this.key,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        redirect: 'manual',
        signal,
      });
      text = await res.text();
    } catch (err) {
      if (this.signal?.aborted)
        throw new DolibarrError('aborted', 'The Dolibarr sync was stopped (the server is shutting down)');
      if (timeout.aborted)
        throw new Retryable(
          new DolibarrError(
            'timeout',
            `Dolibarr did not answer ${where} within ${this.timeoutMs >= 1000 ? Math.round(this.timeoutMs / 1000) : this.timeoutMs / 1000} s: it is down or overloaded; try again later`,
          ),
        );
      const code = networkCode(err);
      throw new Retryable(
        new DolibarrError(
          'network',
          `Cannot reach Dolibarr at ${this.apiRoot} (${code}): check the URL and that the server is up`,
        ),
      );
    }
    const status = res.status;
    let parsed: unknown;
    let isJson = true;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      isJson = false;
    }
    const said = isJson ? errorMessageOf(parsed) : null;
    if (status >= 300 && status < 400) {
      const to = res.headers.get('location') ?? 'another address';
      throw new DolibarrError(
        'redirect',
        `Dolibarr redirected ${where} to ${to}: give the address Dolibarr really answers on (https://…?) as its URL`,
        status,
      );
    }
    if (status === 401)
      throw new DolibarrError(
        'unauthorized',
        `Dolibarr refused the API key (401${said ? `: ${said}` : ''}): check the key (Dolibarr: your user card, "API key") and that its user is active`,
        401,
      );
    if (status === 403)
      throw new DolibarrError(
        'forbidden',
        `The Dolibarr user of this API key may not do ${method} ${path} (403${said ? `: ${said}` : ''}): give it the rights (third parties, customer orders, agenda) in Dolibarr`,
        403,
      );
    if (status === 429 || status >= 500) {
      const retryAfter = Number(res.headers.get('retry-after'));
      throw new Retryable(
        new DolibarrError(
          'server',
          `Dolibarr answered ${status} ${res.statusText || ''}`.trim() +
            ` to ${where}${said ? ` (${said})` : ''}: ${status === 429 ? 'too many requests, try again later' : "check Dolibarr's logs or try again later"}`,
          status,
        ),
        Number.isFinite(retryAfter) && retryAfter > 0
          ? Math.min(retryAfter * 1000, RETRY_AFTER_CAP_MS)
          : null,
      );
    }
    if (!isJson) {
      const what = looksHtml(text) ? 'an HTML page' : 'something that is not JSON';
      throw new DolibarrError(
        'not_json',
        `${this.apiRoot}${path} answered ${status} with ${what} instead of JSON: check the URL is the Dolibarr address you open in the browser and that the module "API REST" is enabled`,
        status,
      );
    }
    if (status === 404) {
      // A JSON 404 is Dolibarr saying "none"; the caller decides what that means.
      if (said || parsed === null || typeof parsed === 'object') return { status, body: parsed };
    }
    if (status >= 400)
      throw new DolibarrError(
        'rejected',
        `Dolibarr refused ${where} (${status}${said ? `: ${said}` : ''})`,
        status,
      );
    return { status, body: parsed };
  }
}

/** Internal: a failure worth another attempt. */
class Retryable extends Error {
  constructor(
    readonly error: DolibarrError,
    readonly retryAfterMs: number | null = null,
  ) {
    super(error.message);
  }
}
