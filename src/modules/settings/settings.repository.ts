// Key/value settings kept in the database, so that every app server sees the same ones.
import { compiledOnce } from '../../db/compiled-once.ts';
import type { Executor } from '../../db/database.ts';

export type SettingKey =
  | 'secret'
  | 'sales_see_all'
  | 'digest_hour'
  | 'instance_id'
  | 'dolibarr_url'
  | 'dolibarr_key'
  | 'dolibarr_interval_minutes'
  | 'dolibarr_push';

const settingByKey = compiledOnce((db, p: { key: SettingKey }) =>
  db.selectFrom('settings').select('value').where('key', '=', p.key),
);

/** Read by every request of a sales user (sales_see_all): compiled once (src/db/compiled-once.ts). */
export async function getSetting(db: Executor, key: SettingKey): Promise<string | undefined> {
  const [row] = await settingByKey(db, { key });
  return row?.value;
}

export async function setSetting(db: Executor, key: SettingKey, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Inserts the value unless the key exists, then returns whichever value won (safe with several servers). */
export async function getOrCreateSetting(db: Executor, key: SettingKey, value: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await getSetting(db, key)) ?? value;
}
