// A follow-up's note is found by a search as soon as it is recorded. On SQLite the note enters the trigram
// index a moment later, in a batch (decision 0409): until then the search takes it as a candidate, and
// edits or deletes in between leave the index right.
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { SPARSE_CANDIDATES_MAX, searchTuning } from '../../src/db/text-search.ts';
import * as followups from '../../src/modules/followups/followup.service.ts';
import {
  indexAllPendingNotes,
  NOTE_INDEX_BATCH,
  startNoteIndexer,
} from '../../src/modules/followups/followup-note-indexer.ts';
import { customer, order, type Person, team } from '../setup/fixtures.ts';
import { testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

describeEachDialect('the search index of notes', (dialect) => {
  let db: TestDatabase;
  let ctx: ReturnType<typeof testContext>;
  let alice: Person;
  let manager: Person;
  let orderId: number;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ctx = testContext(db, testClock('2026-11-26T17:00:00Z', 'Europe/Paris'));
    ({ manager, alice } = await team(ctx, 'manager', 'alice'));
    orderId = (await order(ctx, 'CO-IDX', (await customer(ctx, 'Garage Nord', alice.user.id)).id)).id;
  });
  afterEach(() => {
    searchTuning.sparseCandidatesMax = SPARSE_CANDIDATES_MAX;
  });
  afterAll(async () => db?.drop());

  const add = async (note: string) =>
    (await followups.createFollowup(ctx, alice.actor, { orderId, channel: 'phone', note })).id;

  /** The ids a search finds, by both query shapes (trigram candidates, and walking the list). */
  async function found(q: string): Promise<number[]> {
    const ids = async () =>
      (await followups.listFollowups(ctx, manager.actor, { q, limit: 50 })).items.map((f) => f.id).sort();
    const byCandidates = await ids();
    searchTuning.sparseCandidatesMax = 0;
    const byWalking = await ids();
    searchTuning.sparseCandidatesMax = SPARSE_CANDIDATES_MAX;
    expect(byWalking, `"${q}" walking the list`).toEqual(byCandidates);
    return byCandidates;
  }

  /** SQLite: the follow-ups waiting for the index, and those whose note it holds. */
  const waiting = async () =>
    (
      await sql<{ id: number }>`select id from followups_fts_pending order by id`.execute(ctx.database.db)
    ).rows.map((r) => r.id);
  const indexed = async () =>
    (
      await sql<{ id: number }>`select id from followups_fts_docsize order by id`.execute(ctx.database.db)
    ).rows.map((r) => r.id);
  const inIndex = async (text: string) =>
    (
      await sql<{
        id: number;
      }>`select rowid as id from followups_fts where followups_fts match ${`"${text}"`}`.execute(
        ctx.database.db,
      )
    ).rows.map((r) => r.id);

  it('finds a note at once, and the same once the indexer has put it in the index', async () => {
    const a = await add('Client injoignable, rappeler jeudi');
    const b = await add('Devis signé par le gérant');
    expect(await found('injoignable')).toEqual([a]);
    expect(await found('SIGNÉ')).toEqual([b]);
    if (dialect === 'sqlite') {
      expect(await waiting()).toEqual(expect.arrayContaining([a, b]));
      expect(await inIndex('joi')).not.toContain(a);
    }
    await indexAllPendingNotes(ctx);
    expect(await found('injoignable')).toEqual([a]);
    expect(await found('SIGNÉ')).toEqual([b]);
    if (dialect === 'sqlite') {
      expect(await waiting()).toEqual([]);
      expect(await inIndex('joi')).toContain(a);
    }
  });

  it('keeps edits and deletes right, whether the note was indexed yet or not', async () => {
    const early = await add('Attend le bon de commande');
    await indexAllPendingNotes(ctx);
    const late = await add('Attend la validation du service achats');
    // Both edited: the indexed one now, the waiting one when the indexer reads it.
    await followups.updateFollowup(ctx, alice.actor, early, { note: 'Commande reçue, livrer lundi' });
    await followups.updateFollowup(ctx, alice.actor, late, { note: 'Achats ont validé, livrer mardi' });
    for (const round of ['before indexing', 'after indexing']) {
      expect(await found('attend'), round).toEqual([]);
      expect(await found('livrer'), round).toEqual([early, late].sort());
      expect(await found('mardi'), round).toEqual([late]);
      await indexAllPendingNotes(ctx);
    }
    if (dialect === 'sqlite') {
      expect(await inIndex('mar')).toContain(late);
      expect(await inIndex('att')).not.toContain(early);
    }
    // A follow-up removed for good (as a deleted order takes its follow-ups) leaves the index or the queue.
    const waitingOne = await add('Brouillon à supprimer');
    await sql`delete from followups where id in (${early}, ${waitingOne})`.execute(ctx.database.db);
    if (dialect === 'sqlite') {
      expect(await waiting()).toEqual([]);
      expect(await inIndex('lun')).not.toContain(early);
    }
    expect(await found('livrer')).toEqual([late]);
    expect(await found('brouillon')).toEqual([]);
  });

  it('indexes a long backlog batch after batch, and the index then holds every follow-up once', async () => {
    const many = NOTE_INDEX_BATCH + 5;
    const notes = Array.from({ length: many }, (_, i) => `Relance groupée numéro ${i}`);
    await ctx.database.db.transaction().execute(async (tx) => {
      const now = '2026-11-26T16:00:00.000Z';
      const c = await tx
        .selectFrom('orders')
        .select('customer_id')
        .where('id', '=', orderId)
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('followups')
        .values(
          notes.map((note) => ({
            order_id: orderId,
            customer_id: c.customer_id,
            user_id: alice.user.id,
            assignee_id: alice.user.id,
            channel: 'email' as const,
            note,
            done_at: now,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    });
    const last = await ctx.database.db
      .selectFrom('followups')
      .select('id')
      .where('note', '=', notes[many - 1] as string)
      .executeTakeFirstOrThrow();
    const before = await found(`numéro ${many - 1}`);
    expect(before).toHaveLength(1);
    expect(before).toEqual([last.id]);
    expect(await indexAllPendingNotes(ctx)).toBe(dialect === 'sqlite' ? many : 0);
    const after = await found(`numéro ${many - 1}`);
    expect(after).toHaveLength(1);
    expect(after).toEqual([last.id]);
    if (dialect === 'sqlite') {
      const live = (await ctx.database.db.selectFrom('followups').select('id').orderBy('id').execute()).map(
        (r) => r.id,
      );
      expect(await indexed()).toEqual(live);
    }
  });

  it('is run by the server every moment, and stops between two batches', async () => {
    const id = await add('Relance du serveur');
    const stop = startNoteIndexer(ctx, { intervalMs: 5 });
    try {
      if (dialect === 'sqlite') await expect.poll(waiting, { timeout: 5000, interval: 20 }).toEqual([]);
      expect(await found('du serveur')).toEqual([id]);
    } finally {
      await stop();
    }
    if (dialect === 'sqlite') {
      const after = await add('Après arrêt');
      await new Promise((r) => setTimeout(r, 30));
      expect(await waiting()).toEqual([after]);
      expect(await inIndex('ser')).toContain(id);
    }
  });
});
