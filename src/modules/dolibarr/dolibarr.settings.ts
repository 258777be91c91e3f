// The admin's Dolibarr settings (address, API key, schedule, push), kept in the settings table so that
// every app server sees them. The key is never given back: only whether one is saved and its last characters.
import { z } from 'zod';
import { type Actor, ensure } from '../../auth/permissions.ts';
import { type Core, nowIso } from '../../core.ts';
import { AppError } from '../../shared/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { getSetting, setSetting } from '../settings/settings.repository.ts';
import { apiRootOf } from './dolibarr.mapping.ts';

export interface DolibarrSettings {
  url: string | null;
  /** "…a1b2" when a key is saved, else null. */
  keyHint: string | null;
  /** 0: no scheduled sync. */
  intervalMinutes: number;
  push: boolean;
}

export interface DolibarrCredentials {
  url: string;
  key: string;
  intervalMinutes: number;
  push: boolean;
}

export const INTERVAL_MIN = 5;
export const INTERVAL_MAX = 7 * 24 * 60;

/** What apiRootOf accepts: an http(s) address. */
function isWebAddress(v: string): boolean {
  try {
    apiRootOf(v);
    return true;
  } catch {
    return false;
  }
}

/** What the settings form sends; saveDolibarrSettings parses it (nothing else needs the schema). */
const DolibarrSettingsInput = z.object({
  url: z
    .string()
    .trim()
    .min(1, 'the Dolibarr address is required')
    .max(500)
    .refine(isWebAddress, 'an address starting with https:// or http://'),
  /** Blank keeps the saved key. */
  key: z.string().trim().max(200).optional(),
  intervalMinutes: z.coerce
    .number()
    .int('a whole number of minutes')
    .min(0)
    .max(INTERVAL_MAX)
    .refine((n) => n === 0 || n >= INTERVAL_MIN, `0 (no schedule) or at least ${INTERVAL_MIN} minutes`),
  push: z.boolean(),
});

async function read(core: Core): Promise<DolibarrCredentials & { hasKey: boolean }> {
  const db = core.database.db;
  const [url, key, interval, push] = await Promise.all([
    getSetting(db, 'dolibarr_url'),
    getSetting(db, 'dolibarr_key'),
    getSetting(db, 'dolibarr_interval_minutes'),
    getSetting(db, 'dolibarr_push'),
  ]);
  const minutes = Number(interval ?? '0');
  return {
    url: url ?? '',
    key: key ?? '',
    hasKey: Boolean(key),
    intervalMinutes: Number.isInteger(minutes) && minutes > 0 ? minutes : 0,
    push: push === '1',
  };
}

export async function getDolibarrSettings(core: Core, actor: Actor): Promise<DolibarrSettings> {
  ensure(actor, 'admin:settings');
  const s = await read(core);
  return {
    url: s.url || null,
    keyHint: s.hasKey ? `…${s.key.slice(-4)}` : null,
    intervalMinutes: s.intervalMinutes,
    push: s.push,
  };
}

/** What a sync needs, or null when the admin has not configured the bridge. For the scheduler and the CLI. */
export async function savedCredentials(core: Core): Promise<DolibarrCredentials | null> {
  const s = await read(core);
  return s.url && s.key ? { url: s.url, key: s.key, intervalMinutes: s.intervalMinutes, push: s.push } : null;
}

export async function saveDolibarrSettings(
  core: Core,
  actor: Actor,
  input: z.input<typeof DolibarrSettingsInput>,
): Promise<void> {
  ensure(actor, 'admin:settings');
  const v = DolibarrSettingsInput.parse(input); // the url refinement refuses what apiRootOf would
  const db = core.database.db;
  const hadKey = Boolean(await getSetting(db, 'dolibarr_key'));
  if (!v.key && !hadKey)
    throw new AppError('unprocessable', 'The API key is required: copy it from your Dolibarr user card', [
      { path: 'key', message: 'required' },
    ]);
  await db.transaction().execute(async (tx) => {
    await setSetting(tx, 'dolibarr_url', v.url);
    if (v.key) await setSetting(tx, 'dolibarr_key', v.key);
    await setSetting(tx, 'dolibarr_interval_minutes', String(v.intervalMinutes));
    await setSetting(tx, 'dolibarr_push', v.push ? '1' : '0');
    await recordAudit(tx, {
      entity: 'setting',
      entityId: 0,
      action: 'update',
      userId: actor.id,
      at: nowIso(core),
      after: {
        dolibarrUrl: v.url,
        keyChanged: Boolean(v.key),
        intervalMinutes: v.intervalMinutes,
        push: v.push,
      },
    });
  });
}
