// The create/edit pages of a record (customer, order): the four routes, the form page, and the submit flow
// (CSRF, checks, save, then the card; a refusal shows the form again with what was typed and why).
import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../../api/app-env.ts';
import { can, type Permission } from '../../auth/permissions.ts';
import { AppError } from '../../shared/errors.ts';
import type { MessageKey, Translate } from '../i18n/i18n.ts';
import { csrfOk, requireLogin } from '../web-auth.ts';
import type { FieldErrors } from './form.tsx';
import {
  errorPage,
  type FieldProblem,
  fieldErrorsOf,
  formStrings,
  guarded,
  renderPage,
} from './page-kit.tsx';

type Ctx = Context<AppEnv>;

/** What every record form is given: where it posts, what was typed, and what was refused. */
export interface RecordFormProps<V> {
  t: Translate;
  csrf: string | undefined;
  action: string;
  values: V;
  errors: FieldErrors;
  alert?: string | undefined;
  submitLabel: string;
  cancelHref: string;
}

/** The typed values checked: the data to save, or the messages to show next to the fields. */
export type Checked<D> = { ok: true; data: D } | { ok: false; errors: FieldErrors };

/** One kind of record's forms. R is the record, V the form's values (strings), D what the service saves. */
export interface RecordFormSpec<R extends { id: number }, V, D> {
  /** The list's path; the card is at `base/:id`, the forms at `base/new` and `base/:id/edit`. */
  base: string;
  /** Who may open and submit the forms. */
  permission: Permission;
  /** The page title and the submit button, for a new record (null) or the one edited. */
  title(t: Translate, record: R | null): string;
  submitLabel(t: Translate, record: R | null): string;
  /** The message above a refused form. */
  refused: MessageKey;
  /** The message next to a refused field. */
  fieldMessage(t: Translate): (field: string, problem: FieldProblem) => string;
  /** Refusals keyed by the form's field names, when they differ from the service's (default: as they come). */
  onForm?(errors: FieldErrors): FieldErrors;
  load(c: Ctx, id: number): Promise<R>;
  emptyValues(c: Ctx): Promise<V>;
  valuesOf(c: Ctx, record: R): Promise<V>;
  fromForm(form: Record<string, string>): V;
  /** Checks the typed values; `errorsOf` turns a zod error into field messages. */
  check(c: Ctx, values: V, record: R | null, errorsOf: (err: unknown) => FieldErrors): Promise<Checked<D>>;
  save(c: Ctx, record: R | null, data: D): Promise<{ id: number }>;
  /** The form itself (its choices loaded first: components are synchronous). */
  form(c: Ctx, props: RecordFormProps<V>): Promise<Child>;
}

interface FormState<R, V> {
  record: R | null;
  values: V;
  errors?: FieldErrors;
  alert?: string | undefined;
  status?: 200 | 403 | 409 | 422;
}

async function renderRecordForm<R extends { id: number }, V, D>(
  c: Ctx,
  spec: RecordFormSpec<R, V, D>,
  opts: FormState<R, V>,
): Promise<Response> {
  const t = c.get('t');
  const { record } = opts;
  const title = spec.title(t, record);
  const form = await spec.form(c, {
    t,
    csrf: c.get('csrf'),
    action: record ? `${spec.base}/${record.id}/edit` : `${spec.base}/new`,
    values: opts.values,
    errors: opts.errors ?? {},
    alert: opts.alert,
    submitLabel: spec.submitLabel(t, record),
    cancelHref: record ? `${spec.base}/${record.id}` : spec.base,
  });
  return renderPage(
    c,
    { title, path: spec.base, status: opts.status ?? 200 },
    <>
      <h1>{title}</h1>
      {form}
    </>,
  );
}

/** Shared by create and edit: CSRF, the checks, then the service; refusals re-show the form. */
async function submitRecord<R extends { id: number }, V, D>(
  c: Ctx,
  spec: RecordFormSpec<R, V, D>,
  record: R | null,
): Promise<Response> {
  const t = c.get('t');
  const form = await formStrings(c);
  const values = spec.fromForm(form);
  if (!csrfOk(c, form))
    return renderRecordForm(c, spec, { record, values, alert: t('error.csrf'), status: 403 });
  const message = spec.fieldMessage(t);
  const onForm = spec.onForm ?? ((errors: FieldErrors) => errors);
  const checked = await spec.check(c, values, record, (err) => onForm(fieldErrorsOf(err, message) ?? {}));
  if (!checked.ok)
    return renderRecordForm(c, spec, {
      record,
      values,
      errors: checked.errors,
      alert: t(spec.refused),
      status: 422,
    });
  try {
    const saved = await spec.save(c, record, checked.data);
    return c.redirect(`${spec.base}/${saved.id}`, 303);
  } catch (err) {
    const refused = fieldErrorsOf(err, message);
    if (!refused) throw err;
    const status = err instanceof AppError && err.code === 'conflict' ? 409 : 422;
    return renderRecordForm(c, spec, {
      record,
      values,
      errors: onForm(refused),
      alert: t(spec.refused),
      status,
    });
  }
}

/** Registers GET/POST `base/new` and `base/:id/edit`; a user without the permission gets the 403 page. */
export function registerRecordForms<R extends { id: number }, V, D>(
  app: Hono<AppEnv>,
  spec: RecordFormSpec<R, V, D>,
): void {
  const writer = (c: Ctx) => can(c.get('actor'), spec.permission);
  const loaded = (c: Ctx) => spec.load(c, Number(c.req.param('id')));
  app.get(`${spec.base}/new`, requireLogin, (c) =>
    guarded(c, async () =>
      writer(c)
        ? renderRecordForm(c, spec, { record: null, values: await spec.emptyValues(c) })
        : errorPage(c, 403),
    ),
  );
  app.post(`${spec.base}/new`, requireLogin, (c) =>
    guarded(c, async () => (writer(c) ? submitRecord(c, spec, null) : errorPage(c, 403))),
  );
  app.get(`${spec.base}/:id{[0-9]+}/edit`, requireLogin, (c) =>
    guarded(c, async () => {
      const record = await loaded(c);
      return writer(c)
        ? renderRecordForm(c, spec, { record, values: await spec.valuesOf(c, record) })
        : errorPage(c, 403);
    }),
  );
  app.post(`${spec.base}/:id{[0-9]+}/edit`, requireLogin, (c) =>
    guarded(c, async () => {
      const record = await loaded(c);
      return writer(c) ? submitRecord(c, spec, record) : errorPage(c, 403);
    }),
  );
}
