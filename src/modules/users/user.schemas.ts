// The user as the API speaks it, and the inputs that create one.
import { z } from '@hono/zod-openapi';
import { Id } from '../../shared/schemas.ts';

export const ROLES = ['admin', 'manager', 'sales', 'viewer'] as const;
export const LOCALES = ['fr', 'en'] as const;

export const User = z
  .object({
    id: Id,
    login: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    role: z.enum(ROLES),
    locale: z.enum(LOCALES),
    active: z.boolean(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('User');
export type User = z.infer<typeof User>;

export const UserCreate = z.strictObject({
  login: z
    .string()
    .trim()
    .min(2)
    .max(60)
    .regex(/^[a-zA-Z0-9._@-]+$/, 'letters, digits and . _ @ - only'),
  name: z.string().trim().min(1).max(120),
  email: z.email().nullable().optional(),
  role: z.enum(ROLES),
  locale: z.enum(LOCALES).default('fr'),
  password: z.string().min(8, 'at least 8 characters').max(200).optional(),
});
export type UserCreate = z.input<typeof UserCreate>;
