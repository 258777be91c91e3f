// Small builders for route definitions, so that each API file states only what is its own.
import { z } from '@hono/zod-openapi';
import { Problem } from '../shared/schemas.ts';

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

const problem = (description: string) => ({
  content: { 'application/problem+json': { schema: Problem } },
  description,
});

export const readErrors = {
  400: problem('Malformed request: unknown parameter, bad value, bad cursor'),
  401: problem('No or bad credentials'),
  404: problem('Not found, or not visible to the caller'),
};

export const writeErrors = {
  ...readErrors,
  403: problem('The caller may not do this'),
  409: problem('Conflict with existing data'),
  422: problem('Valid JSON that breaks a rule'),
};

export const noContent = { 204: { description: 'Done' } };
export const security: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];
export const EmptyQuery = z.strictObject({});
