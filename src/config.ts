// The environment, parsed once at start-up. A .env file in the working directory is read when present.
import { z } from 'zod';

const Env = z.object({
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/relance.db')
    .refine((v) => /^(sqlite:|postgres(ql)?:\/\/)/.test(v), 'must start with sqlite: or postgres://'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  TZ: z.string().optional(),
  RELANCE_SECRET: z.string().min(16).optional(),
  RELANCE_ADMIN_PASSWORD: z.string().min(8).optional(),
  /** The address users open, for links in e-mails and calendars; defaults to http://HOST:PORT. */
  RELANCE_PUBLIC_URL: z.url().optional(),
  SMTP_URL: z.string().optional(),
  /** Sender of the morning digest, e.g. `Relance <relance@example.com>`; defaults to relance@ the public host. */
  SMTP_FROM: z.string().optional(),
  /** Reverse proxies in front of the app whose X-Forwarded-For is trusted (login rate limit per address). */
  RELANCE_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * PostgreSQL: prepare each statement once per connection (default). `off` behind a connection pooler
   * that cannot keep prepared statements (PgBouncer in transaction mode before 1.21).
   */
  RELANCE_PG_PREPARE: z.enum(['on', 'off']).default('on'),
  NODE_ENV: z.string().default('development'),
});

export type Config = z.infer<typeof Env>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`Invalid environment: ${first?.path.join('.')} ${first?.message}`);
  }
  return parsed.data;
}

/** How openDatabase should connect, from the environment. */
export function databaseOptions(config: Config): { prepare: boolean } {
  return { prepare: config.RELANCE_PG_PREPARE === 'on' };
}

export function zoneOf(config: Config): string {
  return config.TZ || Intl.DateTimeFormat().resolvedOptions().timeZone;
}
