// `relance export followups|orders`: the lists' filters as options, written to stdout (or --output FILE)
// as it is read, page by page, so that a million rows take no more memory than a thousand.

import { createWriteStream, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ZodType } from 'zod';
import type { Actor } from '../../auth/permissions.ts';
import { loadConfig } from '../../config.ts';
import { type AppContext, createContext } from '../../context.ts';
import { AppError } from '../../shared/errors.ts';
import { CHANNELS, DUE_STATES } from '../followups/followup.schemas.ts';
import { ORDER_DUE_STATES, ORDER_STATUSES } from '../orders/order.schemas.ts';
import { findUserByLogin } from '../users/user.repository.ts';
import { toActor } from '../users/user.service.ts';
import { DELIMITERS, type Delimiter } from './csv-write.ts';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportOptions,
  exportFollowups,
  exportOrders,
  FollowupExportQuery,
  OrderExportQuery,
} from './export.service.ts';

/** The command line is run by the machine's owner: it sees every customer, as an administrator does. */
const OWNER: Actor = { id: 0, role: 'admin', name: 'command line', locale: 'fr' };

interface CommonFlags {
  format: ExportFormat;
  locale: 'fr' | 'en';
  delimiter?: Delimiter;
  output?: string;
  as?: string;
}

const delimiterOf = (v: string): Delimiter => {
  if (Object.hasOwn(DELIMITERS, v)) return DELIMITERS[v as keyof typeof DELIMITERS];
  if (v === ';' || v === ',' || v === '\t') return v;
  throw new InvalidArgumentError('use semicolon, comma or tab');
};

/** A usage error (exit code 2) naming the option, from the list schema's own validation. */
function parseFilters<T>(
  cmd: Command,
  schema: ZodType<T>,
  raw: Record<string, unknown>,
  flag: Record<string, string>,
): T {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const parsed = schema.safeParse(defined);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  cmd.error(`relance: option ${flag[key] ?? key}: ${issue?.message ?? 'invalid'}`, { exitCode: 2 });
}

async function actorFor(ctx: AppContext, login: string | undefined): Promise<Actor> {
  if (!login) return OWNER;
  const row = await findUserByLogin(ctx.database.db, login);
  if (!row) throw new AppError('not_found', `User "${login}" not found`);
  return toActor(row);
}

/**
 * Writes as fast as the reader takes it (pipeline stops the generator when the output fails); a closed pipe
 * (e.g. `| head`) ends the export quietly. Standard output is left open; a file is ended and flushed.
 */
async function drain(chunks: AsyncGenerator<string>, out: Writable, end: boolean): Promise<void> {
  try {
    await pipeline(chunks, out, { end });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
  }
}

async function run(
  cmd: Command,
  flags: CommonFlags,
  produce: (ctx: AppContext, actor: Actor, options: ExportOptions) => AsyncGenerator<string>,
): Promise<void> {
  const ctx = await createContext(loadConfig());
  try {
    const actor = await actorFor(ctx, flags.as);
    const options: ExportOptions = {
      format: flags.format,
      locale: flags.locale,
      ...(flags.delimiter ? { delimiter: flags.delimiter } : {}),
    };
    const chunks = produce(ctx, actor, options);
    try {
      if (!flags.output) {
        await drain(chunks, process.stdout, false);
        return;
      }
      // Written aside and renamed at the end: a failed export leaves no half file behind.
      const partial = `${flags.output}.partial`;
      const file = createWriteStream(partial);
      // Interrupted (Ctrl-C): the half-written file goes too.
      const interrupted = () => {
        file.destroy();
        rmSync(partial, { force: true });
        process.exit(130);
      };
      process.once('SIGINT', interrupted);
      process.once('SIGTERM', interrupted);
      try {
        await drain(chunks, file, true);
        await rename(partial, flags.output);
      } catch (err) {
        file.destroy();
        await rm(partial, { force: true });
        throw err;
      } finally {
        process.off('SIGINT', interrupted);
        process.off('SIGTERM', interrupted);
      }
    } catch (err) {
      // A filter or sort the list refuses is the caller's mistake: usage, exit code 2.
      if (err instanceof AppError && err.code === 'bad_request')
        cmd.error(`relance: ${err.message}`, { exitCode: 2 });
      throw err;
    }
  } finally {
    await ctx.database.close();
  }
}

function common(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('csv'))
    .addOption(
      new Option('--locale <locale>', 'CSV column names, labels, dates and decimals')
        .choices(['fr', 'en'])
        .default('fr'),
    )
    .option(
      '--delimiter <d>',
      'CSV delimiter: semicolon (default in French), comma (default in English) or tab',
      delimiterOf,
    )
    .option('--output <file>', 'write to this file instead of standard output')
    .option('--as <login>', 'export what this user sees (default: everything)')
    .option('--sort <field>', 'sort field, - prefix for descending (as the list)')
    .option('--q <text>', 'text search, as the list');
}

export function registerExportCommands(program: Command): void {
  const exp = program
    .command('export')
    .description('export a list as CSV, JSON or NDJSON, with the same filters as the API');

  common(exp.command('followups').description('export follow-ups (default sort: newest first)'))
    .option('--order-id <id>', 'only this order')
    .option('--customer-id <id>', "only this customer's orders")
    .option('--user-id <id>', 'only those made by this user')
    .option('--assignee-id <id>', 'only those assigned to this user')
    .addOption(new Option('--channel <channel>', 'only this channel').choices(CHANNELS))
    .option('--done-from <date>', 'done on or after this day (yyyy-mm-dd)')
    .option('--done-to <date>', 'done on or before this day (yyyy-mm-dd)')
    .option('--next-from <date>', 'next follow-up on or after this day')
    .option('--next-to <date>', 'next follow-up on or before this day')
    .addOption(new Option('--due <state>', 'current next date of open orders').choices(DUE_STATES))
    .action(async function (this: Command, o: CommonFlags & Record<string, string | undefined>) {
      const query = parseFilters(
        this,
        FollowupExportQuery,
        {
          sort: o.sort,
          q: o.q,
          orderId: o.orderId,
          customerId: o.customerId,
          userId: o.userId,
          assigneeId: o.assigneeId,
          channel: o.channel,
          doneFrom: o.doneFrom,
          doneTo: o.doneTo,
          nextFrom: o.nextFrom,
          nextTo: o.nextTo,
          due: o.due,
        },
        {
          orderId: '--order-id',
          customerId: '--customer-id',
          userId: '--user-id',
          assigneeId: '--assignee-id',
          doneFrom: '--done-from',
          doneTo: '--done-to',
          nextFrom: '--next-from',
          nextTo: '--next-to',
        },
      );
      await run(this, o, (ctx, actor, options) => exportFollowups(ctx, actor, query, options));
    });

  common(
    exp
      .command('orders')
      .description('export orders with their follow-up columns (default sort: newest first)'),
  )
    .option('--customer-id <id>', 'only this customer')
    .addOption(new Option('--status <status>', 'only this status').choices(ORDER_STATUSES))
    .addOption(new Option('--due <state>', 'follow-up state').choices(ORDER_DUE_STATES))
    .option('--assignee-id <id>', "only orders in this user's queue")
    .action(async function (this: Command, o: CommonFlags & Record<string, string | undefined>) {
      const query = parseFilters(
        this,
        OrderExportQuery,
        {
          sort: o.sort,
          q: o.q,
          customerId: o.customerId,
          status: o.status,
          due: o.due,
          assigneeId: o.assigneeId,
        },
        { customerId: '--customer-id', assigneeId: '--assignee-id' },
      );
      await run(this, o, (ctx, actor, options) => exportOrders(ctx, actor, query, options));
    });
}
