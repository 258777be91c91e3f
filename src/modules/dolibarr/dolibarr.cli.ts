// `relance sync dolibarr`: one sync from the command line, progress on stderr, the report on stdout.
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../../config.ts';
import { createContext } from '../../context.ts';
import { indexAllPendingNotes } from '../followups/followup-note-indexer.ts';
import { reportLines, syncDolibarr } from './dolibarr.service.ts';
import { savedCredentials } from './dolibarr.settings.ts';

const wholeNumber = (min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
  return n;
};

interface SyncFlags {
  url?: string;
  key?: string;
  push?: boolean;
  full?: boolean;
  pageSize: number;
  timeout: number;
}

export function registerDolibarrCommands(program: Command): void {
  const sync = program.command('sync').description('synchronise with another application');
  sync
    .command('dolibarr')
    .description(
      'import customers and orders from Dolibarr (changes since the last run); --push also sends new follow-ups back as agenda events',
    )
    .option(
      '--url <url>',
      'the Dolibarr address you open in the browser (default: the one saved on /admin/dolibarr)',
    )
    .option('--key <key>', 'the API key of a Dolibarr user (default: env DOLIBARR_API_KEY, or the saved one)')
    .option('--push', 'also push new follow-ups on Dolibarr orders back as agenda events')
    .option('--full', 'read everything again instead of the changes since the last run')
    .option('--page-size <n>', 'records per Dolibarr page', wholeNumber(1, 1000), 100)
    .option('--timeout <seconds>', 'how long to wait for each Dolibarr answer', wholeNumber(1, 600), 30)
    .action(async function (this: Command, o: SyncFlags) {
      const ctx = await createContext(loadConfig());
      try {
        const saved = await savedCredentials(ctx);
        const url = o.url ?? saved?.url;
        const key = o.key ?? process.env.DOLIBARR_API_KEY ?? saved?.key;
        if (!url)
          this.error('relance: give --url (the Dolibarr address you open in the browser)', { exitCode: 2 });
        if (!key) this.error('relance: give --key (the API key of a Dolibarr user)', { exitCode: 2 });
        const tty = process.stderr.isTTY;
        const report = await syncDolibarr(ctx, {
          url,
          key,
          push: o.push ?? false,
          full: o.full ?? false,
          trigger: 'cli',
          pageSize: o.pageSize,
          timeoutMs: o.timeout * 1000,
          progress: (line) => process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`),
        });
        if (tty) process.stderr.write('\r\x1b[K');
        // (No server may be running to index the new notes for search: do it before exiting.)
        await indexAllPendingNotes(ctx);
        for (const line of reportLines(report)) console.log(line);
      } finally {
        await ctx.database.close();
      }
    });
}
