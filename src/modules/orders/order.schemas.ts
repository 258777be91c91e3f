// The order as the API speaks it, and the inputs that create, change and list orders.
import { z } from '@hono/zod-openapi';
import { Id, IsoDate, ListQueryBase } from '../../shared/schemas.ts';

export const ORDER_STATUSES = ['draft', 'validated', 'in_progress', 'delivered', 'cancelled'] as const;
export const CLOSED_STATUSES: readonly string[] = ['delivered', 'cancelled'];
/** Dolibarr's numeric status codes, for imports. */
export const DOLIBARR_STATUS: Record<string, (typeof ORDER_STATUSES)[number]> = {
  '-1': 'cancelled',
  '0': 'draft',
  '1': 'validated',
  '2': 'in_progress',
  '3': 'delivered',
};
export const ORDER_DUE_STATES = ['overdue', 'today', 'week', 'due', 'never'] as const;

export const OrderStatus = z.enum(ORDER_STATUSES);
const Money = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(
    z.string().regex(/^-?\d{1,12}(\.\d{1,2})?$/, 'a decimal amount with at most 2 decimals, e.g. 1250.50'),
  )
  .openapi({ type: 'string', example: '1250.50' });

export const Order = z
  .object({
    id: Id,
    ref: z.string(),
    customerId: Id,
    customerName: z.string(),
    status: OrderStatus,
    orderDate: z.string().nullable().openapi({ format: 'date' }),
    deliveryDate: z.string().nullable().openapi({ format: 'date' }),
    totalExclTax: z.string().openapi({ example: '1250.50' }),
    currency: z.string(),
    customerRef: z.string().nullable(),
    externalId: z.string().nullable(),
    nextFollowupAt: z.string().nullable().openapi({ format: 'date' }),
    lastFollowupAt: z.string().nullable().openapi({ format: 'date-time' }),
    followupCount: z.number().int(),
    nextAssigneeId: Id.nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Order');
export type Order = z.infer<typeof Order>;

export const OrderCreate = z
  .strictObject({
    ref: z.string().trim().min(1).max(60),
    customerId: Id,
    status: OrderStatus.default('draft'),
    orderDate: IsoDate.nullable().optional(),
    deliveryDate: IsoDate.nullable().optional(),
    totalExclTax: Money.default('0'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')
      .default('EUR'),
    customerRef: z.string().trim().max(120).nullable().optional(),
    externalId: z.string().trim().max(120).nullable().optional(),
  })
  .openapi('OrderCreate');
export type OrderCreate = z.infer<typeof OrderCreate>;

export const OrderPatch = z
  .strictObject({
    ref: z.string().trim().min(1).max(60).optional(),
    customerId: Id.optional(),
    status: OrderStatus.optional(),
    orderDate: IsoDate.nullable().optional(),
    deliveryDate: IsoDate.nullable().optional(),
    totalExclTax: Money.optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')
      .optional(),
    customerRef: z.string().trim().max(120).nullable().optional(),
    externalId: z.string().trim().max(120).nullable().optional(),
  })
  .openapi('OrderPatch');
export type OrderPatch = z.infer<typeof OrderPatch>;

export const ORDER_SORTS = [
  'id',
  'ref',
  'status',
  'orderDate',
  'deliveryDate',
  'totalExclTax',
  'customerName',
  'nextFollowupAt',
  'lastFollowupAt',
  'followupCount',
  'createdAt',
  'updatedAt',
] as const;

export const OrderListQuery = z.strictObject({
  ...ListQueryBase,
  sort: z
    .string()
    .max(40)
    .optional()
    .openapi({ description: `One of ${ORDER_SORTS.join(', ')}; - for descending. Default -createdAt.` }),
  customerId: z.coerce.number().int().positive().optional(),
  status: OrderStatus.optional(),
  due: z.enum(ORDER_DUE_STATES).optional().openapi({
    description:
      'overdue: next date before today; today: due today; week: due from today to Sunday; due: overdue or today; never: no follow-up yet. Closed orders are never due.',
  }),
  assigneeId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().min(1).max(200).optional(),
});
export type OrderListQuery = z.infer<typeof OrderListQuery>;
