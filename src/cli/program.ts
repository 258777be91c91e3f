// The commander program: each command parses its options and calls services, never HTTP.
import v8 from 'node:v8';
import { Command, InvalidArgumentError, Option } from 'commander';
import { databaseOptions, loadConfig } from '../config.ts';
import { createContext } from '../context.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { startServer } from '../main.ts';
import { runDigestCommand } from '../modules/digest/digest.cli.ts';
import { registerDolibarrCommands } from '../modules/dolibarr/dolibarr.cli.ts';
import { registerExportCommands } from '../modules/exports/export.cli.ts';
import { registerImportCommands } from '../modules/imports/import.cli.ts';
import { seedBulk } from '../modules/seed/bulk-seed.ts';
import { seedDemo } from '../modules/seed/demo-seed.ts';
import { ROLES } from '../modules/users/user.schemas.ts';
import { createToken, createUser, listTokensOf, revokeTokenById } from '../modules/users/user.service.ts';
import { isCalendarDate } from '../shared/clock.ts';

/** A usage mistake found after parsing: printed on stderr, exit code 2. */
export class UsageError extends Error {}

const positiveInt = (v: string): number => {
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
};

const isoDay = (v: string): string => {
  if (!isCalendarDate(v)) throw new InvalidArgumentError('must be a date written YYYY-MM-DD');
  return v;
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function withContext<T>(
  fn: (ctx: Awaited<ReturnType<typeof createContext>>) => Promise<T>,
): Promise<T> {
  const ctx = await createContext(loadConfig());
  try {
    return await fn(ctx);
  } finally {
    await ctx.database.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('relance')
    .description('Order follow-ups for sales teams')
    .exitOverride()
    .showHelpAfterError();

  program
    .command('serve')
    .description('serve the web app and the API (applies pending migrations first)')
    .option('--port <n>', 'port (env PORT, default 3000)', positiveInt)
    .option('--host <h>', 'address to listen on (env HOST, default 127.0.0.1)')
    .action(async (o: { port?: number; host?: string }) => {
      keepHeapSmall();
      const config = loadConfig();
      if (o.port !== undefined) config.PORT = o.port;
      if (o.host !== undefined) config.HOST = o.host;
      const server = await startServer(config);
      const stop = () => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  program
    .command('migrate')
    .description('apply pending migrations and exit')
    .action(async () => {
      const config = loadConfig();
      const database = openDatabase(config.DATABASE_URL, databaseOptions(config));
      try {
        const applied = await migrateToLatest(database.db);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      } finally {
        await database.close();
      }
    });

  const user = program.command('user').description('manage users');
  user
    .command('add')
    .description('create a user')
    .requiredOption('--login <login>', 'login (unique)')
    .requiredOption('--name <name>', 'full name')
    .addOption(new Option('--role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
    .option('--password <password>', 'password (prefer --password-stdin)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--email <email>', 'e-mail address')
    .addOption(new Option('--locale <locale>', 'language').choices(['fr', 'en']).default('fr'))
    .action(
      async (o: {
        login: string;
        name: string;
        role: (typeof ROLES)[number];
        password?: string;
        passwordStdin?: boolean;
        email?: string;
        locale: 'fr' | 'en';
      }) => {
        const password = o.passwordStdin ? await readStdin() : o.password;
        await withContext(async (ctx) => {
          const created = await createUser(ctx, null, {
            login: o.login,
            name: o.name,
            role: o.role,
            locale: o.locale,
            email: o.email ?? null,
            ...(password ? { password } : {}),
          });
          console.log(`Created user ${created.login} (${created.role}), id ${created.id}.`);
        });
      },
    );

  const token = program.command('token').description('API tokens');
  token
    .command('create')
    .description('print a new API token, alone on stdout')
    .requiredOption('--login <login>', 'the user the token acts as')
    .option('--name <label>', 'a label to recognise the token', 'cli')
    .action(async (o: { login: string; name: string }) => {
      await withContext(async (ctx) => {
        process.stdout.write(`${await createToken(ctx, o.login, o.name)}\n`);
      });
    });
  token
    .command('list')
    .description("list a user's tokens (never the tokens themselves)")
    .requiredOption('--login <login>', 'the user')
    .action(async (o: { login: string }) => {
      await withContext(async (ctx) => {
        for (const t of await listTokensOf(ctx, o.login)) {
          const state = t.revokedAt ? `revoked ${t.revokedAt}` : `last used ${t.lastUsedAt ?? 'never'}`;
          console.log(`${t.id}\t${t.name}\tcreated ${t.createdAt}\t${state}`);
        }
      });
    });
  token
    .command('revoke')
    .description('revoke a token by its id (from token list): it stops working at once')
    .argument('<id>', 'token id', positiveInt)
    .action(async (id: number) => {
      await withContext(async (ctx) => {
        await revokeTokenById(ctx, id);
        console.log(`Token ${id} revoked.`);
      });
    });

  program
    .command('seed')
    .description('load demo data (--demo) or bulk synthetic data for benchmarks')
    .option('--demo', 'a small, realistic French demo data set')
    .option('--customers <n>', 'bulk: number of customers', positiveInt)
    .option('--orders <n>', 'bulk: number of orders', positiveInt)
    .option('--followups <n>', 'bulk: number of follow-ups', positiveInt)
    .option('--users <n>', 'bulk: number of sales users', positiveInt, 20)
    .action(
      async (o: {
        demo?: boolean;
        customers?: number;
        orders?: number;
        followups?: number;
        users: number;
      }) => {
        const bulk = o.customers !== undefined || o.orders !== undefined || o.followups !== undefined;
        if (!o.demo && !bulk)
          throw new UsageError('say --demo, or give --customers, --orders and --followups');
        if (o.demo && bulk) throw new UsageError('--demo cannot be combined with bulk sizes');
        await withContext(async (ctx) => {
          if (o.demo) {
            const r = await seedDemo(ctx);
            console.log(
              `Demo data loaded: ${r.users} users, ${r.customers} customers, ${r.orders} orders, ${r.followups} follow-ups.`,
            );
            console.log(`Every demo user's password is "${r.password}".`);
            return;
          }
          const r = await seedBulk(ctx, {
            customers: o.customers ?? 0,
            orders: o.orders ?? 0,
            followups: o.followups ?? 0,
            users: o.users,
            progress: (line) => process.stderr.write(`${line}\n`),
          });
          console.log(
            `Loaded ${r.customers} customers, ${r.orders} orders, ${r.followups} follow-ups in ${(r.ms / 1000).toFixed(1)} s.`,
          );
        });
      },
    );

  program
    .command('digest')
    .description("build each opted-in user's morning e-mail of due follow-ups; print them, or send them")
    .option('--send', 'send them through SMTP_URL (each at most once per user and day)')
    .option('--date <YYYY-MM-DD>', 'the day to build them for (default today)', isoDay)
    .action(async (o: { send?: boolean; date?: string }) => {
      await withContext((ctx) => runDigestCommand(ctx, o));
    });

  registerDolibarrCommands(program);
  registerImportCommands(program);
  registerExportCommands(program);

  return program;
}

/**
 * The server keeps ~30 MB alive between requests. After each full collection V8 lets the heap grow up to
 * four times that before the next, so under load the server held ~120 MB of garbage (peak RSS 210-250 MB at
 * 1M follow-ups). Growing by half instead keeps it near 160 MB for the same throughput (decision 0412). A
 * value given with NODE_OPTIONS or on node's command line wins.
 */
function keepHeapSmall(): void {
  const given = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  if (!given.includes('heap-growing-percent')) v8.setFlagsFromString('--heap-growing-percent=50');
}
