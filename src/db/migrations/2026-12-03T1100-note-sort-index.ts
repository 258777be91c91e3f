// The follow-up list sorted on the note, read in order from an index instead of sorting every follow-up
// (~0.4 s on SQLite, ~0.9 s on PostgreSQL at 1M). The index holds each note's first 100 characters: a
// note may run to 10,000, more than a PostgreSQL B-tree entry takes (~2,700 bytes). The list sorts on the
// same expression (followupSortColumns.note), then on id.
// Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index followups_note_sort_idx on followups (substr(note, 1, 100), id) where deleted_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists followups_note_sort_idx`.execute(db);
}
