// Building blocks shared by the zod schemas of every module (and so by the OpenAPI document).
import { z } from '@hono/zod-openapi';

export const IsoDate = z.iso.date().openapi({ example: '2026-12-01' });
export const IsoDateTime = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-28T09:30:00+01:00' });
export const Id = z.number().int().positive();
export const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

export const ListQueryBase = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  sort: z.string().max(40).optional(),
};

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
