// Composition root of the server: config → context (migrated) → first admin → app → listen.
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { createContext } from './context.ts';
import { startWalCheckpointer } from './db/wal-checkpointer.ts';
import { trackInFlight } from './in-flight-requests.ts';
import { startDigestScheduler } from './modules/digest/digest.scheduler.ts';
import { startDolibarrScheduler } from './modules/dolibarr/dolibarr.scheduler.ts';
import { startNoteIndexer } from './modules/followups/followup-note-indexer.ts';
import { ensureFirstAdmin } from './modules/users/user.service.ts';

export interface Served {
  port: number;
  close(): Promise<void>;
}

export async function startServer(
  config: Config,
  log: (line: string) => void = console.log,
): Promise<Served> {
  const ctx = await createContext(config);
  const admin = await ensureFirstAdmin(ctx, config.RELANCE_ADMIN_PASSWORD);
  if (admin) {
    log(`First start: created the administrator "${admin.login}".`);
    if (!config.RELANCE_ADMIN_PASSWORD) log(`Its password, shown only this once: ${admin.password}`);
  }
  const app = createApp(ctx);
  const requests = trackInFlight(app.fetch);
  const checkpointer = await startWalCheckpointer(ctx.database, { log });
  const stopDigest = startDigestScheduler(ctx, { log });
  const stopDolibarr = startDolibarrScheduler(ctx, { log });
  const stopNoteIndexer = startNoteIndexer(ctx);
  return new Promise((resolve) => {
    const server = serve({ fetch: requests.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
      log(`Relance listening on http://${config.HOST}:${info.port} (${ctx.database.dialect})`);
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            // The digest's tick, a Dolibarr sync and a batch of the note indexer in progress finish (or
            // stop) before the database closes.
            void Promise.all([stopDigest(), stopDolibarr(), stopNoteIndexer()]).then(() =>
              server.close(() => {
                // (The connections are closed; handlers of clients that went away may still be running.)
                void requests
                  .idle(10_000)
                  .then(() => checkpointer?.stop())
                  .then(() => ctx.database.close())
                  .then(done);
              }),
            );
          }),
      });
    });
    // Keep idle connections open longer than load balancers do (commonly 60 s), so that a balancer or a
    // client never reuses a connection the server has just closed.
    if ('keepAliveTimeout' in server) {
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000;
    }
  });
}
