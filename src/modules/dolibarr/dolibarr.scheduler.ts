// The scheduled Dolibarr sync inside `relance serve`, and the admin's "Sync now": runs in the background of
// the server process. Several servers may share one PostgreSQL: the lease in the database lets one run.
import type { Core } from '../../core.ts';
import type { SyncTrigger } from '../../db/schema/dolibarr.table.ts';
import { AppError } from '../../shared/errors.ts';
import { lastSyncRun, type SyncOptions, syncRunning, syncUnlessRecent } from './dolibarr.service.ts';
import { type DolibarrCredentials, savedCredentials } from './dolibarr.settings.ts';

interface Runner {
  controller: AbortController;
  inFlight: Promise<void> | null;
}

const runners = new WeakMap<Core, Runner>();

function runnerOf(core: Core): Runner {
  let r = runners.get(core);
  if (!r || r.controller.signal.aborted) {
    r = { controller: new AbortController(), inFlight: null };
    runners.set(core, r);
  }
  return r;
}

export type SyncStart = 'started' | 'running' | 'not_configured';

/** Test and shutdown hook: settles when this process's background sync (if any) is over. */
export async function backgroundSyncSettled(core: Core): Promise<void> {
  await runners.get(core)?.inFlight;
}

export type ScheduledOutcome = 'not_configured' | 'not_due' | 'busy' | 'ok' | 'failed';

/**
 * One look at the schedule: syncs when the admin's interval has passed since the last run (on any server).
 * Never throws: the outcome is in the runs table and the log.
 */
export async function runScheduledSync(
  core: Core,
  log: (line: string) => void = () => {},
  extra: Partial<SyncOptions> = {},
): Promise<ScheduledOutcome> {
  const creds = await savedCredentials(core);
  if (!creds || creds.intervalMinutes === 0) return 'not_configured';
  const recentSince = new Date(core.clock.now().getTime() - creds.intervalMinutes * 60_000).toISOString();
  const last = await lastSyncRun(core);
  if (last && last.startedAt > recentSince) return 'not_due';
  return runInBackground(core, creds, 'schedule', log, extra, recentSince);
}

/** Starts the sync at once (this process's runner is busy from this very call) and settles with its outcome. */
function runInBackground(
  core: Core,
  creds: DolibarrCredentials,
  trigger: SyncTrigger,
  log: (line: string) => void,
  extra: Partial<SyncOptions>,
  recentSince: string | null,
): Promise<ScheduledOutcome> {
  const r = runnerOf(core);
  if (r.inFlight) return Promise.resolve('busy');
  let outcome: ScheduledOutcome = 'failed';
  const work = (async () => {
    try {
      const report = await syncUnlessRecent(
        core,
        {
          url: creds.url,
          key: creds.key,
          push: creds.push,
          trigger,
          signal: r.controller.signal,
          ...extra,
        },
        recentSince,
      );
      outcome = report ? 'ok' : 'not_due';
      if (report)
        log(
          `Dolibarr sync (${trigger}): ${report.thirdparties.created + report.thirdparties.updated} third parties and ${report.orders.created + report.orders.updated} orders written, ${report.push.created} events pushed`,
        );
    } catch (err) {
      if (err instanceof AppError && err.code === 'conflict') {
        outcome = 'busy';
        return;
      }
      log(`Dolibarr sync (${trigger}) failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  })();
  r.inFlight = work.finally(() => {
    r.inFlight = null;
  });
  return r.inFlight.then(() => outcome);
}

/**
 * The admin's "Sync now": starts a sync in the background and returns at once. 'running' when one is
 * already going on, here or on another server.
 */
export async function startSyncNow(
  core: Core,
  log: (line: string) => void = console.log,
  extra: Partial<SyncOptions> = {},
): Promise<SyncStart> {
  const creds = await savedCredentials(core);
  if (!creds) return 'not_configured';
  if (runnerOf(core).inFlight || (await syncRunning(core))) return 'running';
  void runInBackground(core, creds, 'manual', log, extra, null);
  return 'started';
}

export interface SchedulerOptions {
  /** How often the schedule is looked at; default one minute. */
  tickMs?: number;
  log?: (line: string) => void;
}

/** Starts looking at the schedule every minute; the returned function stops it and waits for a run in flight. */
export function startDolibarrScheduler(core: Core, o: SchedulerOptions = {}): () => Promise<void> {
  const log = o.log ?? console.log;
  const runner = runnerOf(core);
  const timer = setInterval(() => {
    if (runner.inFlight) return;
    void runScheduledSync(core, log).catch((err: unknown) =>
      log(`Dolibarr schedule check failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  }, o.tickMs ?? 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    runner.controller.abort();
    await runner.inFlight?.catch(() => {});
  };
}
