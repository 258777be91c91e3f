// Follow-ups from a spreadsheet, under the API's rules (known order and active users, note length, next date
// not before the day it was done). A line is the same follow-up as a recorded one when it has the same order,
// the same done-at instant and the same maker; the orders touched get their follow-up summary refreshed.
import type { FollowupRow, FollowupUpdate } from '../../db/schema/followups.table.ts';
import type { OrderRow } from '../../db/schema/orders.table.ts';
import { toUtcIso } from '../../shared/clock.ts';
import { type NewFollowup, refreshOrderSummaries, updateFollowup } from '../followups/followup.repository.ts';
import { CHANNELS, FollowupCreate, NOTE_MAX, OUTCOMES } from '../followups/followup.schemas.ts';
import { checkNextAt, checkNote, checkUserRow } from '../followups/followup.service.ts';
import type { CsvFile } from './csv-read.ts';
import * as repo from './import.repository.ts';
import { cellsOf, type FollowupField, type HeaderMap } from './import-columns.ts';
import { checkLines, LineClaims, splitPlanned, writePlanned } from './import-run.ts';
import { type ImportEnv, type ImportOutcome, userDirectory } from './import-support.ts';
import { parseChannel, parseOutcome } from './import-values.ts';

type Values = Omit<NewFollowup, 'created_at' | 'updated_at'>;

interface Planned {
  line: number;
  values: Values;
  existing: FollowupRow | undefined;
}

const fieldOfPath: Record<string, FollowupField> = {
  orderId: 'orderRef',
  channel: 'channel',
  note: 'note',
  outcome: 'outcome',
  doneAt: 'doneAt',
  nextAt: 'nextAt',
  userId: 'user',
  assigneeId: 'assignee',
};

const CHANNEL_HELP = `téléphone, e-mail, courrier, rendez-vous, autre (or ${CHANNELS.join(', ')})`;
const OUTCOME_HELP = `joint, pas de réponse, message laissé, refus (or ${OUTCOMES.join(', ')})`;

/** The natural key of a follow-up: which order, when, by whom. */
const keyOf = (v: { order_id: number; done_at: string; user_id: number }) =>
  `${v.order_id}|${toUtcIso(v.done_at)}|${v.user_id}`;

export async function importFollowups(
  env: ImportEnv,
  file: CsvFile,
  map: HeaderMap<FollowupField>,
): Promise<ImportOutcome> {
  const db = env.core.database.db;
  const zone = env.core.clock.zone;
  const all = file.rows.map((row) => ({ row, cells: cellsOf(map, row.cells) }));
  const refs = all.map((r) => r.cells.orderRef).filter((v): v is string => !!v);
  const orders = new Map<string, OrderRow>((await repo.ordersByRefs(db, refs)).map((o) => [o.ref, o]));
  const existing = new Map<string, FollowupRow>();
  for (const f of await repo.followupsOfOrders(
    db,
    [...orders.values()].map((o) => o.id),
  )) {
    // Of a deleted and a live twin, the live one is the match.
    const k = keyOf(f);
    if (!existing.has(k) || existing.get(k)?.deleted_at) existing.set(k, f);
  }
  const users = await userDirectory(env.core);

  const claims = new LineClaims();
  const checked = checkLines(env, file, map, all, (r): Planned | undefined => {
    const ref = r.required('orderRef');
    const order = ref ? orders.get(ref) : undefined;
    if (ref && !order) r.reject('orderRef', 'unknown_order', `No order has the ref "${ref}"`, { value: ref });
    const doneAt = r.dateTime('doneAt', zone);
    if (!doneAt && r.text('doneAt') === null)
      r.reject('doneAt', 'required', 'This cell is empty but required: when was it done?');
    const nextAt = r.date('nextAt');
    const channel = r.choice('channel', parseChannel, CHANNEL_HELP);
    const outcome = r.choice('outcome', parseOutcome, OUTCOME_HELP);
    const note = r.text('note') ?? '';

    const who = (field: 'user' | 'assignee'): number | undefined => {
      const text = r.text(field);
      if (!text) return undefined;
      const found = users.resolve(text);
      if (!('user' in found)) {
        r.reject(field, found.code, found.message, { value: text });
        return undefined;
      }
      // The API's rule: a follow-up names known, active users.
      r.rule(field, 'inactive_user', { value: text }, () =>
        checkUserRow(field === 'user' ? 'userId' : 'assigneeId', found.user.id, found.user),
      );
      return found.user.id;
    };
    let userId = who('user');
    if (userId === undefined && !r.text('user')) {
      if (env.actor) userId = env.actor.id;
      else
        r.reject(
          'user',
          'required',
          'Who made this follow-up? From the command line, give a "Utilisateur" column with logins',
        );
    }
    const assigneeId = who('assignee') ?? userId;
    r.rule('note', 'note_too_long', { length: note.length, max: NOTE_MAX }, () => checkNote(note));
    if (doneAt && nextAt)
      r.rule('nextAt', 'next_before_done', { value: nextAt }, () =>
        checkNextAt(nextAt, doneAt, env.core.clock),
      );
    if (!order || !doneAt || userId === undefined || assigneeId === undefined || !r.ok) return;

    const values: Values = {
      order_id: order.id,
      customer_id: order.customer_id,
      user_id: userId,
      channel: channel ?? 'other',
      outcome: outcome ?? null,
      note,
      done_at: toUtcIso(doneAt),
      next_at: nextAt ?? null,
      assignee_id: assigneeId,
    };
    const parsed = FollowupCreate.safeParse({
      orderId: values.order_id,
      channel: values.channel,
      note: values.note,
      outcome: values.outcome,
      doneAt: values.done_at,
      nextAt: values.next_at,
      userId: values.user_id,
      assigneeId: values.assignee_id,
    });
    if (!parsed.success) {
      r.zodIssues(parsed.error, fieldOfPath);
      return;
    }
    const key = keyOf(values);
    const duplicate = (earlier: number) =>
      `Line ${earlier} already has this follow-up (same order, date and user)`;
    if (!claims.take(r, [key], duplicate)) return;
    return { line: r.row.line, values, existing: existing.get(key) };
  });
  if ('rejected' in checked) return checked;

  const split = splitPlanned(checked.planned, (p, was) => {
    // A follow-up deleted in Relance stays deleted: history is not rewritten by an old spreadsheet.
    if (was.deleted_at) return null;
    const set: FollowupUpdate = {};
    // Only what the file says is compared: a column it does not have keeps the recorded value.
    const columns: [keyof Values, FollowupField][] = [
      ['note', 'note'],
      ['next_at', 'nextAt'],
      ['assignee_id', 'assignee'],
      ['channel', 'channel'],
      ['outcome', 'outcome'],
    ];
    const compare = columns.filter(([, f]) => map.index[f] !== undefined).map(([k]) => k);
    for (const k of compare)
      if ((was[k] ?? null) !== (p.values[k] ?? null)) (set as Record<string, unknown>)[k] = p.values[k];
    if (Object.keys(set).length === 0) return null;
    return { id: was.id, orderId: was.order_id, set: { ...set, updated_at: env.at }, before: was };
  });
  return writePlanned(env, split, {
    entity: 'followup',
    insert: (tx, rows) =>
      repo.insertFollowups(
        tx,
        rows.map((p) => ({ ...p.values, created_at: env.at, updated_at: env.at })),
      ),
    rowKey: (row) => keyOf(row),
    plannedKey: (p) => keyOf(p.values),
    update: (tx, u) => updateFollowup(tx, u.id, u.set),
    // The orders' summary (next date, assignee, count) follows their follow-ups, as after every API write.
    finish: async (tx) => {
      const touched = new Set([
        ...split.creates.map((p) => p.values.order_id),
        ...split.updates.map((u) => u.orderId),
      ]);
      await refreshOrderSummaries(tx, [...touched]);
    },
  });
}
