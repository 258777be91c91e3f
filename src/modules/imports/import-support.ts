// What the three imports share: the environment they run in, the collector of rejected lines, the reading of
// typed cells into values or rejections, and the lookup of users by login (or full name).
import type { ZodError } from 'zod';
import type { Actor } from '../../auth/permissions.ts';
import type { Core } from '../../core.ts';
import type { UserRow } from '../../db/schema/users.table.ts';
import { AppError } from '../../shared/errors.ts';
import { listUsers } from '../users/user.repository.ts';
import type { CsvRow } from './csv-read.ts';
import type { HeaderMap } from './import-columns.ts';
import type { ImportProgress, Rejection, RejectionCode } from './import-report.ts';
import { parseDate, parseDateTime, parseDecimal } from './import-values.ts';

export interface ImportEnv {
  core: Core;
  /** null: the command line, run by the machine's owner. */
  actor: Actor | null;
  /** external_source given to externalId values of this import (default `csv`). */
  source: string;
  progress: ImportProgress;
  /** One timestamp for every row the import writes. */
  at: string;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export type ImportOutcome = { rejected: Rejection[] } | ({ rejected: [] } & ImportCounts);

export class Rejections {
  readonly list: Rejection[] = [];
  add(
    line: number,
    column: string,
    code: RejectionCode,
    message: string,
    params: Record<string, string | number> = {},
  ): void {
    this.list.push({ line, column, code, message, params });
  }
  get count(): number {
    return this.list.length;
  }
}

/** Reads the typed cells of one line, naming the file's own column in every rejection. */
export class LineReader<F extends string> {
  private failed = false;
  constructor(
    private readonly map: HeaderMap<F>,
    readonly row: CsvRow,
    readonly cells: Partial<Record<F, string>>,
    private readonly out: Rejections,
  ) {}

  get ok(): boolean {
    return !this.failed;
  }
  has(field: F): boolean {
    return this.cells[field] !== undefined;
  }
  column(field: F): string {
    return this.map.label[field] ?? field;
  }
  reject(
    field: F | null,
    code: RejectionCode,
    message: string,
    params: Record<string, string | number> = {},
  ) {
    this.failed = true;
    this.out.add(this.row.line, field ? this.column(field) : '', code, message, params);
  }

  /** The trimmed text; undefined when the file has no such column, null when the cell is empty. */
  text(field: F): string | null | undefined {
    const v = this.cells[field];
    return v === undefined ? undefined : v === '' ? null : v;
  }
  required(field: F): string | null {
    const v = this.text(field);
    if (!v) this.reject(field, 'required', 'This cell is empty but required', {});
    return v ?? null;
  }
  date(field: F): string | null | undefined {
    const v = this.text(field);
    if (!v) return v;
    const d = parseDate(v);
    if (!d)
      this.reject(field, 'bad_date', `"${v}" is not a date; write dd/mm/yyyy or yyyy-mm-dd`, { value: v });
    return d;
  }
  dateTime(field: F, zone: string): string | null | undefined {
    const v = this.text(field);
    if (!v) return v;
    const d = parseDateTime(v, zone);
    if (!d)
      this.reject(
        field,
        'bad_datetime',
        `"${v}" is not a date; write dd/mm/yyyy hh:mm, dd/mm/yyyy or ISO 8601`,
        {
          value: v,
        },
      );
    return d;
  }
  decimal(field: F): string | null | undefined {
    const v = this.text(field);
    if (!v) return v;
    const d = parseDecimal(v);
    if (d === null)
      this.reject(field, 'bad_number', `"${v}" is not an amount; write 1234,56 or 1 234,56 or 1234.56`, {
        value: v,
      });
    return d;
  }
  choice<T>(field: F, parse: (raw: string) => T | null, allowed: string): T | null | undefined {
    const v = this.text(field);
    if (!v) return v as null | undefined;
    const d = parse(v);
    if (d === null) this.reject(field, 'bad_value', `"${v}" is not one of ${allowed}`, { value: v, allowed });
    return d;
  }

  /** Rejections for the issues of a zod schema (the API's own), by the file's column of each path. */
  zodIssues(error: ZodError, fieldOfPath: Record<string, F>): void {
    for (const issue of error.issues) {
      const path = String(issue.path[0] ?? '');
      const field = fieldOfPath[path] ?? null;
      this.reject(field, 'invalid', issue.message, { message: issue.message });
    }
  }

  /** Runs a rule of a service (which throws an AppError), turning its refusal into this line's rejection. */
  rule(field: F, code: RejectionCode, params: Record<string, string | number>, check: () => void): void {
    try {
      check();
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      this.reject(field, code, err.message, params);
    }
  }
}

export interface UserDirectory {
  resolve(text: string): { user: UserRow } | { code: 'unknown_user' | 'ambiguous_user'; message: string };
}

/** Users by login, or by exact full name when one user has it (Relance's exports write names). */
export async function userDirectory(core: Core): Promise<UserDirectory> {
  const users = await listUsers(core.database.db);
  const byLogin = new Map(users.map((u) => [u.login.toLowerCase(), u]));
  const byName = new Map<string, UserRow[]>();
  for (const u of users) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
  return {
    resolve(text) {
      const u = byLogin.get(text.toLowerCase());
      if (u) return { user: u };
      const named = byName.get(text) ?? [];
      if (named.length === 1 && named[0]) return { user: named[0] };
      if (named.length > 1)
        return { code: 'ambiguous_user', message: `Several users are named "${text}"; write the login` };
      return { code: 'unknown_user', message: `No user has the login "${text}"` };
    },
  };
}
