// SQL the exports add to the lists they reuse: the note of each order's latest follow-up, page by page.
import type { Executor } from '../../db/database.ts';

export async function latestNotesOf(db: Executor, orderIds: number[]): Promise<Map<number, string>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('orders as o')
    .innerJoin('followups as f', 'f.id', 'o.last_followup_id')
    .select(['o.id', 'f.note'])
    .where('o.id', 'in', orderIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r.note]));
}
