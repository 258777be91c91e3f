// /admin/import: an administrator uploads a CSV file of customers, orders or follow-ups and reads the
// same report as the command line gives — counts, or every rejected line with its column and reason.
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../api/app-env.ts';
import { errorPage, renderPage } from '../../web/components/page-kit.tsx';
import type { MessageKey, Translate } from '../../web/i18n/i18n.ts';
import { CsrfField } from '../../web/layout.tsx';
import { csrfOk, requireLogin } from '../../web/web-auth.ts';
import { importCsv } from './import.service.ts';
import { COLUMNS, IMPORT_KINDS, type ImportKind } from './import-columns.ts';
import type { ImportReport, Rejection } from './import-report.ts';

export const IMPORT_PAGE = '/admin/import';
/** Larger files go through `relance import`, which has no upload to hold in memory. */
const MAX_MB = 20;

type Ctx = Context<AppEnv>;

const isKind = (v: unknown): v is ImportKind => IMPORT_KINDS.includes(v as ImportKind);

function reason(t: Translate, r: Rejection): string {
  return t(`import.reason.${r.code}` as MessageKey, r.params);
}

/** Every name each column may have, so that a user can rename a header rather than guess. */
function Columns(props: { t: Translate; kind: ImportKind }) {
  const { t } = props;
  return (
    <details>
      <summary>{t('import.columns', { kind: t(`import.kind.${props.kind}`) })}</summary>
      <ul>
        {Object.values(COLUMNS[props.kind]).map((spec) => (
          <li>
            <strong>{spec.names[1] ?? spec.names[0]}</strong>
            {spec.required ? ` (${t('import.required')})` : ''}
            {': '}
            {spec.names.filter((_, i) => i !== 1).join(', ')}
          </li>
        ))}
      </ul>
    </details>
  );
}

function Report(props: { t: Translate; report: ImportReport }) {
  const { t, report } = props;
  if (report.rejected.length === 0)
    return (
      <article aria-live="polite" class="import-report">
        <h2>{t('import.doneTitle')}</h2>
        <p>
          <strong>
            {t('import.done', {
              created: report.created,
              updated: report.updated,
              unchanged: report.unchanged,
            })}
          </strong>
        </p>
        <p>
          <small>
            {t('import.fileInfo', {
              lines: report.lines,
              encoding: report.encoding ?? '',
              delimiter: report.delimiter === '\t' ? 'tab' : (report.delimiter ?? ''),
            })}
          </small>
        </p>
      </article>
    );
  return (
    <article aria-live="polite" class="import-report">
      <h2 role="alert">{t('import.rejectedTitle', { n: report.rejected.length })}</h2>
      <p>{t('import.rejectedHint')}</p>
      <table class="striped">
        <thead>
          <tr>
            <th scope="col">{t('import.col.line')}</th>
            <th scope="col">{t('import.col.column')}</th>
            <th scope="col">{t('import.col.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {report.rejected.map((r) => (
            <tr>
              <td>{r.line}</td>
              <td>{r.column}</td>
              <td>{reason(t, r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

function page(
  c: Ctx,
  opts: { kind?: ImportKind; report?: ImportReport; error?: string; status?: 200 | 400 | 422 },
) {
  const t = c.get('t');
  const kind = opts.kind ?? 'customers';
  return renderPage(
    c,
    { title: t('import.title'), path: IMPORT_PAGE, status: opts.status ?? 200 },
    <>
      <h1>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      {opts.report ? <Report t={t} report={opts.report} /> : null}
      <form method="post" action={IMPORT_PAGE} enctype="multipart/form-data">
        <CsrfField csrf={c.get('csrf')} />
        <label>
          {t('import.kind')}
          <select name="kind" required>
            {IMPORT_KINDS.map((k) => (
              <option value={k} selected={k === kind}>
                {t(`import.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('import.file')}
          <input
            type="file"
            name="file"
            accept=".csv,text/csv,text/plain"
            required
            {...(opts.error ? { 'aria-invalid': 'true', 'aria-describedby': 'file-error' } : {})}
          />
          {opts.error ? (
            <small class="field-error" id="file-error" role="alert">
              {opts.error}
            </small>
          ) : null}
        </label>
        <button type="submit">{t('import.submit')}</button>
      </form>
      {IMPORT_KINDS.map((k) => (
        <Columns t={t} kind={k} />
      ))}
    </>,
  );
}

async function upload(c: Ctx): Promise<Response> {
  const t = c.get('t');
  const form = await c.req.parseBody();
  if (!csrfOk(c, form)) return page(c, { error: t('error.csrf'), status: 400 });
  const kind = isKind(form.kind) ? form.kind : undefined;
  const file = form.file;
  if (!kind || !(file instanceof File) || file.size === 0)
    return page(c, { ...(kind ? { kind } : {}), error: t('import.noFile'), status: 400 });
  const report = await importCsv(
    c.get('ctx'),
    c.get('actor'),
    kind,
    new Uint8Array(await file.arrayBuffer()),
  );
  return page(c, { kind, report, status: report.rejected.length ? 422 : 200 });
}

/** Imports write many records at once: administrators only (before the upload is even read). */
const adminOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('actor').role !== 'admin') return errorPage(c, 403);
  await next();
});

export function registerImportPages(app: Hono<AppEnv>): void {
  app.get(IMPORT_PAGE, requireLogin, adminOnly, (c) => page(c, {}));
  app.post(
    IMPORT_PAGE,
    requireLogin,
    adminOnly,
    bodyLimit({
      maxSize: MAX_MB * 1024 * 1024,
      onError: (c) => page(c, { error: c.get('t')('import.tooBig', { mb: MAX_MB }), status: 400 }),
    }),
    (c) => upload(c),
  );
}
