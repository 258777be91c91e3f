// A tiny client over app.request() for API tests: JSON in, status and JSON out.
import { createApp } from '../../src/app.ts';
import type { AppContext } from '../../src/context.ts';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  contentType: string;
}

export function apiClient(ctx: AppContext) {
  const app = createApp(ctx);
  async function call<T = any>(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
    if (body !== undefined) {
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await app.request(`/api/v1${path}`, init);
    const text = await res.text();
    return {
      status: res.status,
      body: text ? (JSON.parse(text) as T) : (undefined as T),
      contentType: res.headers.get('content-type') ?? '',
    };
  }
  return {
    app,
    get: <T = any>(path: string, token: string | null) => call<T>('GET', path, token),
    post: <T = any>(path: string, token: string | null, body: unknown) => call<T>('POST', path, token, body),
    patch: <T = any>(path: string, token: string | null, body: unknown) =>
      call<T>('PATCH', path, token, body),
    delete: <T = any>(path: string, token: string | null) => call<T>('DELETE', path, token),
    call,
  };
}
