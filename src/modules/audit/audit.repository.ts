// The audit trail: who changed which record, when, and what it looked like before and after.
import { compiledOnce } from '../../db/compiled-once.ts';
import type { Executor } from '../../db/database.ts';

export interface AuditEntry {
  entity: string;
  entityId: number;
  action: 'create' | 'update' | 'delete';
  userId: number | null;
  at: string;
  before?: unknown;
  after?: unknown;
}

interface AuditRow {
  entity: string;
  entity_id: number;
  action: AuditEntry['action'];
  user_id: number | null;
  at: string;
  before_json: string | null;
  after_json: string | null;
}

const insertEntry = compiledOnce((db, p: AuditRow) =>
  db.insertInto('audit_log').values({
    entity: p.entity,
    entity_id: p.entity_id,
    action: p.action,
    user_id: p.user_id,
    at: p.at,
    before_json: p.before_json,
    after_json: p.after_json,
  }),
);

const auditRow = (e: AuditEntry): AuditRow => ({
  entity: e.entity,
  entity_id: e.entityId,
  action: e.action,
  user_id: e.userId,
  at: e.at,
  before_json: e.before === undefined ? null : JSON.stringify(e.before),
  after_json: e.after === undefined ? null : JSON.stringify(e.after),
});

/** Compiled once (src/db/compiled-once.ts): every write records one. */
export async function recordAudit(db: Executor, e: AuditEntry): Promise<void> {
  await insertEntry(db, auditRow(e));
}

/** Many entries in multi-row inserts, for imports; the same rows as recordAudit writes one by one. */
export async function recordAudits(db: Executor, entries: AuditEntry[]): Promise<void> {
  const rows = entries.map(auditRow);
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('audit_log')
      .values(rows.slice(i, i + 1000))
      .execute();
}

export async function auditOf(db: Executor, entity: string, entityId: number) {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    userId: r.user_id,
    at: r.at,
    before: r.before_json ? (JSON.parse(r.before_json) as unknown) : null,
    after: r.after_json ? (JSON.parse(r.after_json) as unknown) : null,
  }));
}
