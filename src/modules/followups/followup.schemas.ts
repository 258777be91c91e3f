// The follow-up as the API speaks it, and the inputs that create, change and list follow-ups.
import { z } from '@hono/zod-openapi';
import { Id, IsoDate, IsoDateTime, ListQueryBase } from '../../shared/schemas.ts';

export const CHANNELS = ['phone', 'email', 'letter', 'meeting', 'other'] as const;
export const OUTCOMES = ['reached', 'no_answer', 'left_message', 'refused'] as const;
export const DUE_STATES = ['overdue', 'today', 'week'] as const;
export const NOTE_MAX = 10_000;

export const Channel = z.enum(CHANNELS).openapi({ example: 'phone' });
export const Outcome = z.enum(OUTCOMES);

export const Followup = z
  .object({
    id: Id,
    orderId: Id,
    customerId: Id,
    userId: Id,
    channel: Channel,
    outcome: Outcome.nullable(),
    note: z.string(),
    doneAt: z.string().openapi({ format: 'date-time' }),
    nextAt: z.string().nullable().openapi({ format: 'date' }),
    assigneeId: Id,
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
    orderRef: z.string(),
    customerName: z.string(),
    userName: z.string(),
    assigneeName: z.string(),
  })
  .openapi('Followup');
export type Followup = z.infer<typeof Followup>;

// Note length is a business rule (422), so the schema does not cap it.
export const FollowupCreate = z
  .strictObject({
    orderId: Id,
    channel: Channel,
    note: z.string().default(''),
    outcome: Outcome.nullable().optional(),
    doneAt: IsoDateTime.optional(),
    nextAt: IsoDate.nullable().optional(),
    userId: Id.optional(),
    assigneeId: Id.optional(),
  })
  .openapi('FollowupCreate');
export type FollowupCreate = z.infer<typeof FollowupCreate>;

export const FollowupPatch = z
  .strictObject({
    orderId: Id.optional(),
    channel: Channel.optional(),
    note: z.string().optional(),
    outcome: Outcome.nullable().optional(),
    doneAt: IsoDateTime.optional(),
    nextAt: IsoDate.nullable().optional(),
    userId: Id.optional(),
    assigneeId: Id.optional(),
  })
  .openapi('FollowupPatch');
export type FollowupPatch = z.infer<typeof FollowupPatch>;

export const FOLLOWUP_SORTS = [
  'id',
  'doneAt',
  'nextAt',
  'createdAt',
  'updatedAt',
  'channel',
  'note',
  'orderRef',
  'customerName',
  'userName',
  'assigneeName',
] as const;

export const FollowupFilters = {
  orderId: z.coerce.number().int().positive().optional(),
  customerId: z.coerce.number().int().positive().optional(),
  userId: z.coerce.number().int().positive().optional(),
  assigneeId: z.coerce.number().int().positive().optional(),
  channel: Channel.optional(),
  doneFrom: IsoDate.optional(),
  doneTo: IsoDate.optional(),
  nextFrom: IsoDate.optional(),
  nextTo: IsoDate.optional(),
  due: z.enum(DUE_STATES).optional(),
  q: z.string().trim().min(1).max(200).optional(),
};

export const FollowupListQuery = z.strictObject({
  ...ListQueryBase,
  sort: z
    .string()
    .max(40)
    .optional()
    .openapi({
      description: `One of ${FOLLOWUP_SORTS.join(', ')}; prefix with - for descending. Default -doneAt. Ties go by id; userName and assigneeName sort by the name, then the person, then doneAt; note compares the first 100 characters.`,
    }),
  ...FollowupFilters,
});
export type FollowupListQuery = z.infer<typeof FollowupListQuery>;
