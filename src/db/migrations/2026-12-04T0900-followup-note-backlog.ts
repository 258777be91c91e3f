// SQLite: a new follow-up's note enters the trigram index (followups_fts) a moment after its transaction,
// in batches, instead of inside it. Indexing one note per transaction wrote a new FTS5 segment each time
// and merged segments as they piled up: at 1M follow-ups that was more than half the cost of recording one
// (0.5 of 0.9 ms of SQL) and every stall above 10 ms (p99.9 49 ms, up to 125 ms, blocking the server).
// - Inserting a follow-up now only adds its id to followups_fts_pending.
// - The server indexes the waiting notes every 200 ms (followup-note-indexer.ts); the CLI's seed does it
//   before it ends.
// - A search takes every waiting follow-up as a candidate (the exact `contains` test decides), so it finds
//   a note as soon as it is committed.
// - Editing or deleting a waiting follow-up leaves the index alone: the indexer reads the note as it is
//   then, and a deleted one leaves the queue with it.
// PostgreSQL keeps its GIN indexes, which have their own pending list (fastupdate): nothing changes there.
// Decision 0409. Frozen: never edit a landed migration, add a new one.
import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../database.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  const run = (q: string) => sql.raw(q).execute(db);
  await run('create table followups_fts_pending (id integer primary key)');
  await run('drop trigger followups_fts_insert');
  await run('drop trigger followups_fts_update');
  await run('drop trigger followups_fts_delete');
  await run(`create trigger followups_fts_insert after insert on followups begin
    insert into followups_fts_pending (id) values (new.id);
  end`);
  await run(`create trigger followups_fts_update after update of note on followups
    when not exists (select 1 from followups_fts_pending where id = old.id) begin
    delete from followups_fts where rowid = old.id;
    insert into followups_fts (rowid, note) values (new.id, new.note);
  end`);
  // (One trigger, in this order: the index entry goes only if the note had been indexed.)
  await run(`create trigger followups_fts_delete after delete on followups begin
    delete from followups_fts where rowid = old.id
      and not exists (select 1 from followups_fts_pending where id = old.id);
    delete from followups_fts_pending where id = old.id;
  end`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  const run = (q: string) => sql.raw(q).execute(db);
  await run(`insert into followups_fts (rowid, note)
    select f.id, f.note from followups_fts_pending p join followups f on f.id = p.id`);
  await run('drop trigger followups_fts_insert');
  await run('drop trigger followups_fts_update');
  await run('drop trigger followups_fts_delete');
  await run('drop table followups_fts_pending');
  await run(`create trigger followups_fts_insert after insert on followups begin
    insert into followups_fts (rowid, note) values (new.id, new.note);
  end`);
  await run(`create trigger followups_fts_update after update of note on followups begin
    delete from followups_fts where rowid = old.id;
    insert into followups_fts (rowid, note) values (new.id, new.note);
  end`);
  await run(`create trigger followups_fts_delete after delete on followups begin
    delete from followups_fts where rowid = old.id;
  end`);
}
