// customers.name_folded: the customer's name folded as src/shared/name-fold.ts does (lower case as JavaScript
// folds Unicode, then NFC), indexed with the id, so that a name typed in any case ("école dupont" for
// "École Dupont") is found by one index lookup on both dialects. SQLite's lower() folds ASCII only and
// PostgreSQL's depends on the database's locale, so the key is computed in JavaScript: the repository writes
// it with every name, and this migration fills the existing rows in batches of ids.
// Decision 0611. Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';

const BATCH = 500;

/** The fold of src/shared/name-fold.ts as it was when this migration was written (frozen with it). */
const fold = (name: string): string => name.toLowerCase().normalize('NFC');

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table customers add column name_folded text`.execute(db);
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ id: number | string; name: string }>`
      select id, name from customers where id > ${after} order by id limit ${sql.lit(BATCH)}`.execute(db);
    const last = rows.at(-1);
    if (!last) break;
    const cases = rows.map((r) => sql`when ${Number(r.id)} then ${fold(r.name)}`);
    const ids = rows.map((r) => Number(r.id));
    await sql`update customers set name_folded = case id ${sql.join(cases, sql` `)} end
      where id in (${sql.join(ids)})`.execute(db);
    after = Number(last.id);
  }
  await sql`create index customers_name_folded_idx on customers (name_folded, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists customers_name_folded_idx`.execute(db);
  await sql`alter table customers drop column name_folded`.execute(db);
}
