// SQL for calendar feed secrets, kept on the user row (users.calendar_secret, unique).
import type { Executor } from '../../db/database.ts';
import type { UserRow } from '../../db/schema/users.table.ts';

export const findUserByCalendarSecret = (db: Executor, secret: string): Promise<UserRow | undefined> =>
  db.selectFrom('users').selectAll().where('calendar_secret', '=', secret).executeTakeFirst();

export async function setCalendarSecret(
  db: Executor,
  userId: number,
  secret: string | null,
  at: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ calendar_secret: secret, updated_at: at })
    .where('id', '=', userId)
    .execute();
}
