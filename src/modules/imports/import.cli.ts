// `relance import customers|orders|followups FILE.csv`: a progress bar on a terminal's stderr, the counts on
// stdout, and when lines are rejected, each of them on stderr and exit code 1 with nothing written.
import { readFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import { Argument, type Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { createContext } from '../../context.ts';
import { AppError } from '../../shared/errors.ts';
import { indexAllPendingNotes } from '../followups/followup-note-indexer.ts';
import { importCsv } from './import.service.ts';
import { IMPORT_KINDS, type ImportKind } from './import-columns.ts';
import { describeRejection, type ImportPhase, type ImportProgress, summary } from './import-report.ts';

const LABEL: Record<ImportPhase, string> = { check: 'Checking', write: 'Writing ' };

/** A bar per phase on an interactive stderr; nothing when output is redirected (logs stay clean). */
function terminalProgress(): { progress: ImportProgress; stop(): void } {
  if (!process.stderr.isTTY) return { progress: () => {}, stop: () => {} };
  let bar: cliProgress.SingleBar | null = null;
  let phase: ImportPhase | null = null;
  return {
    progress(p, done, total) {
      if (p !== phase) {
        bar?.stop();
        phase = p;
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: `${LABEL[p]} [{bar}] {value}/{total} lines`, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      } else bar?.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code;
    throw new AppError('bad_request', `Cannot read ${file}: ${why}`);
  }
}

export function registerImportCommands(program: Command): void {
  program
    .command('import')
    .description(
      'import a CSV file (French or English columns, ; or , separated, UTF-8 or Windows-1252); all or nothing',
    )
    .addArgument(new Argument('<kind>', 'what the file holds').choices(IMPORT_KINDS))
    .argument('<file>', 'the CSV file')
    .option('--source <name>', 'the system the externalId column comes from (e.g. dolibarr)', 'csv')
    .action(async (kind: ImportKind, file: string, o: { source: string }) => {
      const bytes = await readInput(file);
      const ctx = await createContext(loadConfig());
      const bar = terminalProgress();
      try {
        const report = await importCsv(ctx, null, kind, bytes, { source: o.source, progress: bar.progress });
        bar.stop();
        if (report.rejected.length) {
          for (const r of report.rejected) process.stderr.write(`${describeRejection(r)}\n`);
          const n = report.rejected.length;
          throw new AppError(
            'unprocessable',
            `${file}: ${n} problem${n > 1 ? 's' : ''} found; nothing was imported`,
          );
        }
        // (No server may be running to index the imported notes for search: do it before exiting.)
        await indexAllPendingNotes(ctx);
        const how = `${report.encoding}, "${report.delimiter === '\t' ? 'tab' : report.delimiter}"`;
        console.log(`${kind}: ${summary(report)} (${report.lines} lines, ${how}).`);
      } finally {
        bar.stop();
        await ctx.database.close();
      }
    });
}
