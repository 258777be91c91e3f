// Follow-ups: the rules of recording, changing and deleting them, and of listing what each user may see.
import { DateTime } from 'luxon';
import { type Actor, can, canWriteFollowup, ensure } from '../../auth/permissions.ts';
import { scopeFor } from '../../auth/scope.ts';
import { type Core, nowIso } from '../../core.ts';
import { pageOf, parseSort, readCursor } from '../../db/keyset.ts';
import type { FollowupUpdate } from '../../db/schema/followups.table.ts';
import type { UserRow } from '../../db/schema/users.table.ts';
import { type Clock, dayOf, dayWindows, isCalendarDate, toUtcIso } from '../../shared/clock.ts';
import { AppError, forbidden, notFound, unprocessable } from '../../shared/errors.ts';
import type { Page } from '../../shared/page.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findOrder } from '../orders/order.repository.ts';
import { findUserById } from '../users/user.repository.ts';
import * as repo from './followup.repository.ts';
import {
  type Followup,
  type FollowupCreate,
  type FollowupListQuery,
  type FollowupPatch,
  NOTE_MAX,
} from './followup.schemas.ts';

/** Start of a calendar day in the deployment's zone, as a UTC instant. */
function startOfDayUtc(day: string, clock: Clock, plusDays = 0): string {
  return DateTime.fromISO(day, { zone: clock.zone }).plus({ days: plusDays }).toUTC().toISO() ?? '';
}

export async function listFollowups(
  core: Core,
  actor: Actor,
  query: Omit<FollowupListQuery, 'limit'> & { limit: number },
  options: { markCurrent?: boolean } = {},
): Promise<Page<repo.ListedFollowup>> {
  const sort = parseSort(query.sort, '-doneAt', repo.followupSortColumns);
  const cursor = readCursor(query.cursor, sort.token);
  const w = dayWindows(core.clock);
  const current =
    query.due === 'overdue'
      ? { before: w.today }
      : query.due === 'today'
        ? { from: w.today, to: w.today }
        : query.due === 'week'
          ? { from: w.today, to: w.endOfWeek }
          : undefined;
  const rows = await repo.listFollowups(
    core.database.db,
    core.database.dialect,
    {
      scope: await scopeFor(core, actor),
      orderId: query.orderId,
      customerId: query.customerId,
      userId: query.userId,
      assigneeId: query.assigneeId,
      channel: query.channel,
      doneFromUtc: query.doneFrom ? startOfDayUtc(query.doneFrom, core.clock) : undefined,
      doneBeforeUtc: query.doneTo ? startOfDayUtc(query.doneTo, core.clock, 1) : undefined,
      nextFrom: query.nextFrom,
      nextTo: query.nextTo,
      current,
      q: query.q,
      markCurrent: options.markCurrent,
    },
    sort,
    cursor,
    query.limit + 1,
  );
  return pageOf(rows, query.limit, sort.token, (f) => ({
    value: repo.sortValueOf(f, sort.key),
    id: f.id,
  }));
}

export async function getFollowup(core: Core, actor: Actor, id: number): Promise<Followup> {
  const f = await repo.findFollowup(core.database.db, id, await scopeFor(core, actor));
  if (!f) throw notFound('Follow-up');
  return f;
}

/** Who a follow-up names (maker or assignee) must be a known, active user. */
export function checkUserRow(
  path: string,
  id: number,
  u: Pick<UserRow, 'login' | 'active'> | undefined,
): void {
  if (!u) throw unprocessable(path, `Unknown user ${id}`);
  if (u.active !== 1) throw unprocessable(path, `User ${u.login} is deactivated`);
}

async function checkUser(core: Core, path: string, id: number): Promise<void> {
  checkUserRow(path, id, await findUserById(core.database.db, id));
}

export function checkNote(note: string): void {
  if (note.length > NOTE_MAX)
    throw unprocessable('note', `The note is ${note.length} characters long; the maximum is ${NOTE_MAX}`);
}

export function checkNextAt(nextAt: string | null | undefined, doneAtUtc: string, clock: Clock): void {
  if (!nextAt) return;
  // The API schema and the importers check this too; the service holds the rule for every caller.
  if (!isCalendarDate(nextAt))
    throw unprocessable('nextAt', `The next follow-up date (${nextAt}) is not a calendar date (YYYY-MM-DD)`);
  const doneDay = dayOf(doneAtUtc, clock.zone);
  if (nextAt < doneDay)
    throw unprocessable(
      'nextAt',
      `The next follow-up date (${nextAt}) is before the day it was done (${doneDay})`,
    );
}

export async function createFollowup(core: Core, actor: Actor, input: FollowupCreate): Promise<Followup> {
  ensure(actor, 'create:followup', 'Your role cannot record follow-ups');
  const userId = input.userId ?? actor.id;
  if (userId !== actor.id && !can(actor, 'create:followup:on-behalf'))
    throw new AppError('forbidden', 'Only managers and admins record follow-ups on behalf of someone else', [
      { path: 'userId', message: 'must be yourself' },
    ]);
  const scope = await scopeFor(core, actor);
  const order = await findOrder(core.database.db, input.orderId, scope);
  if (!order) throw unprocessable('orderId', `Unknown order ${input.orderId}`);
  checkNote(input.note);
  const doneAt = input.doneAt ? toUtcIso(input.doneAt) : nowIso(core);
  checkNextAt(input.nextAt, doneAt, core.clock);
  if (userId !== actor.id) await checkUser(core, 'userId', userId);
  const assigneeId = input.assigneeId ?? userId;
  if (assigneeId !== actor.id) await checkUser(core, 'assigneeId', assigneeId);

  const at = nowIso(core);
  const id = await core.database.db.transaction().execute(async (tx) => {
    const newId = await repo.insertFollowup(tx, {
      order_id: order.id,
      customer_id: order.customer_id,
      user_id: userId,
      channel: input.channel,
      outcome: input.outcome ?? null,
      note: input.note,
      done_at: doneAt,
      next_at: input.nextAt ?? null,
      assignee_id: assigneeId,
      created_at: at,
      updated_at: at,
    });
    await repo.refreshOrderSummaries(tx, [order.id]);
    await recordAudit(tx, {
      entity: 'followup',
      entityId: newId,
      action: 'create',
      userId: actor.id,
      at,
      after: { ...input, doneAt, userId, assigneeId },
    });
    return newId;
  });
  return getFollowup(core, actor, id);
}

export async function updateFollowup(
  core: Core,
  actor: Actor,
  id: number,
  patch: FollowupPatch,
): Promise<Followup> {
  const scope = await scopeFor(core, actor);
  const before = await repo.findFollowup(core.database.db, id, scope);
  if (!before) throw notFound('Follow-up');
  if (!canWriteFollowup(actor, before.userId)) throw forbidden('You can only change your own follow-ups');
  if (patch.userId !== undefined && patch.userId !== before.userId) {
    if (!can(actor, 'create:followup:on-behalf'))
      throw new AppError('forbidden', 'Only managers and admins change who made a follow-up', [
        { path: 'userId', message: 'cannot be changed' },
      ]);
    await checkUser(core, 'userId', patch.userId);
  }
  if (patch.assigneeId !== undefined && patch.assigneeId !== before.assigneeId)
    await checkUser(core, 'assigneeId', patch.assigneeId);
  let order = null;
  if (patch.orderId !== undefined && patch.orderId !== before.orderId) {
    order = await findOrder(core.database.db, patch.orderId, scope);
    if (!order) throw unprocessable('orderId', `Unknown order ${patch.orderId}`);
  }
  if (patch.note !== undefined) checkNote(patch.note);
  const doneAt = patch.doneAt !== undefined ? toUtcIso(patch.doneAt) : before.doneAt;
  const nextAt = patch.nextAt !== undefined ? patch.nextAt : before.nextAt;
  if (patch.doneAt !== undefined || patch.nextAt !== undefined) checkNextAt(nextAt, doneAt, core.clock);

  const at = nowIso(core);
  const set: FollowupUpdate = { updated_at: at };
  if (order) {
    set.order_id = order.id;
    set.customer_id = order.customer_id;
  }
  if (patch.channel !== undefined) set.channel = patch.channel;
  if (patch.outcome !== undefined) set.outcome = patch.outcome;
  if (patch.note !== undefined) set.note = patch.note;
  if (patch.doneAt !== undefined) set.done_at = doneAt;
  if (patch.nextAt !== undefined) set.next_at = patch.nextAt;
  if (patch.userId !== undefined) set.user_id = patch.userId;
  if (patch.assigneeId !== undefined) set.assignee_id = patch.assigneeId;

  await core.database.db.transaction().execute(async (tx) => {
    await repo.updateFollowup(tx, id, set);
    // (The order it left and the one it moved to, if any, in one statement.)
    await repo.refreshOrderSummaries(
      tx,
      order && order.id !== before.orderId ? [before.orderId, order.id] : [before.orderId],
    );
    await recordAudit(tx, {
      entity: 'followup',
      entityId: id,
      action: 'update',
      userId: actor.id,
      at,
      before,
      after: { ...patch, ...(patch.doneAt !== undefined ? { doneAt } : {}) },
    });
  });
  return getFollowup(core, actor, id);
}

/** Soft delete: the row stays, marked deleted, and the audit trail keeps what it was. */
export async function deleteFollowup(core: Core, actor: Actor, id: number): Promise<void> {
  const before = await repo.findFollowup(core.database.db, id, await scopeFor(core, actor));
  if (!before) throw notFound('Follow-up');
  if (!canWriteFollowup(actor, before.userId)) throw forbidden('You can only delete your own follow-ups');
  const at = nowIso(core);
  await core.database.db.transaction().execute(async (tx) => {
    await repo.updateFollowup(tx, id, { deleted_at: at, deleted_by: actor.id, updated_at: at });
    await repo.refreshOrderSummaries(tx, [before.orderId]);
    await recordAudit(tx, {
      entity: 'followup',
      entityId: id,
      action: 'delete',
      userId: actor.id,
      at,
      before,
    });
  });
}
