// Users in name order, for the follow-up list sorted on the user's or the assignee's name: the list reads
// the people in this order and each one's follow-ups by their own index, instead of sorting every
// follow-up (see listByPerson in followup.repository.ts).
// Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index users_name_idx on users (name, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists users_name_idx`.execute(db);
}
