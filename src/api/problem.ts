// Renders errors as RFC 9457 problem+json, and turns validation failures into 400s naming the field.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { AppError, toProblem } from '../shared/errors.ts';

export function problemResponse(err: AppError): Response {
  return new Response(JSON.stringify(toProblem(err)), {
    status: err.status,
    headers: { 'content-type': 'application/problem+json' },
  });
}

export function fromZod(error: ZodError, target: string): AppError {
  const errors = error.issues.map((i) => {
    const path = i.path.join('.');
    const message =
      i.code === 'unrecognized_keys'
        ? `Unknown ${target === 'query' ? 'parameter' : 'field'}${i.keys.length > 1 ? 's' : ''}: ${i.keys.join(', ')}`
        : i.message;
    return { path: i.code === 'unrecognized_keys' ? (i.keys[0] ?? path) : path, message };
  });
  const detail = errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
  return new AppError('bad_request', detail || 'Invalid request', errors);
}

export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target: string },
  _c: Context,
): Response | undefined {
  if (!result.success) return problemResponse(fromZod(result.error, result.target));
  return undefined;
}

export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    const code = err.status === 401 ? 'unauthorized' : err.status === 403 ? 'forbidden' : 'bad_request';
    return new AppError(code, err.message || 'Bad request');
  }
  return null;
}
