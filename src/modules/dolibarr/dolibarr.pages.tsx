// /admin/dolibarr, for administrators only: the connection to Dolibarr (address, API key never shown back,
// schedule, push), a "Sync now" button, and the report of the last run.
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../api/app-env.ts';
import { can } from '../../auth/permissions.ts';
import { Field, type FieldErrors, invalid } from '../../web/components/form.tsx';
import {
  errorPage,
  FormAlert,
  fieldErrorsOf,
  formStrings,
  guarded,
  renderPage,
} from '../../web/components/page-kit.tsx';
import { formatDateTime } from '../../web/format.ts';
import type { MessageKey, Translate } from '../../web/i18n/i18n.ts';
import { CsrfField } from '../../web/layout.tsx';
import { csrfOk, requireLogin } from '../../web/web-auth.ts';
import { startSyncNow } from './dolibarr.scheduler.ts';
import { type EntityCounts, type LastRun, lastSyncRun, syncRunning } from './dolibarr.service.ts';
import {
  getDolibarrSettings,
  INTERVAL_MAX,
  INTERVAL_MIN,
  saveDolibarrSettings,
} from './dolibarr.settings.ts';

type Ctx = Context<AppEnv>;
const PATH = '/admin/dolibarr';

const DONE: Record<string, MessageKey> = {
  saved: 'dolibarr.saved',
  started: 'dolibarr.started',
  running: 'dolibarr.running',
  'not-configured': 'dolibarr.notConfigured',
};

const FIELD_MESSAGE: Record<string, MessageKey> = {
  url: 'dolibarr.error.url',
  key: 'dolibarr.error.key',
  intervalMinutes: 'dolibarr.error.interval',
};

interface FormValues {
  url: string;
  intervalMinutes: string;
  push: boolean;
}

function SettingsForm(props: {
  t: Translate;
  csrf: string | undefined;
  values: FormValues;
  keyHint: string | null;
  errors: FieldErrors;
}) {
  const { t, values: v, errors } = props;
  return (
    <form method="post" action={PATH} class="record-form">
      <CsrfField csrf={props.csrf} />
      <Field label={t('dolibarr.field.url')} name="url" errors={errors} hint={t('dolibarr.field.urlHint')}>
        <input
          name="url"
          type="url"
          required
          value={v.url}
          placeholder="https://erp.example.com"
          {...invalid(errors, 'url')}
        />
      </Field>
      <Field
        label={t('dolibarr.field.key')}
        name="key"
        errors={errors}
        hint={
          props.keyHint ? t('dolibarr.field.keySaved', { hint: props.keyHint }) : t('dolibarr.field.keyHint')
        }
      >
        <input
          name="key"
          type="password"
          autocomplete="off"
          required={!props.keyHint}
          value=""
          {...invalid(errors, 'key')}
        />
      </Field>
      <Field
        label={t('dolibarr.field.interval')}
        name="intervalMinutes"
        errors={errors}
        hint={t('dolibarr.field.intervalHint', { min: INTERVAL_MIN })}
      >
        <input
          name="intervalMinutes"
          type="number"
          min="0"
          max={String(INTERVAL_MAX)}
          step="1"
          value={v.intervalMinutes}
          {...invalid(errors, 'intervalMinutes')}
        />
      </Field>
      <label>
        <input type="checkbox" name="push" value="1" checked={v.push} />
        {t('dolibarr.field.push')}
      </label>
      <button type="submit">{t('dolibarr.save')}</button>
    </form>
  );
}

function Counts(props: { t: Translate; rows: [MessageKey, EntityCounts][] }) {
  const { t } = props;
  const cols: [keyof EntityCounts, MessageKey][] = [
    ['fetched', 'dolibarr.col.fetched'],
    ['created', 'dolibarr.col.created'],
    ['updated', 'dolibarr.col.updated'],
    ['unchanged', 'dolibarr.col.unchanged'],
    ['skipped', 'dolibarr.col.skipped'],
  ];
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('dolibarr.col.what')}</th>
            {cols.map(([, label]) => (
              <th scope="col">{t(label)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map(([label, c]) => (
            <tr>
              <th scope="row">{t(label)}</th>
              {cols.map(([k]) => (
                <td>{c[k]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LastRunReport(props: { t: Translate; run: LastRun | null; when: (iso: string | null) => string }) {
  const { t, run } = props;
  if (!run) return <p>{t('dolibarr.never')}</p>;
  const r = run.report;
  return (
    <>
      <p>
        {t('dolibarr.runLine', {
          status: t(`dolibarr.status.${run.status}` as MessageKey),
          started: props.when(run.startedAt),
          trigger: t(`dolibarr.trigger.${run.trigger}` as MessageKey),
        })}{' '}
        {r?.dolibarr ? <code>{r.dolibarr}</code> : null}
      </p>
      {run.error ? (
        <p role="alert" class="field-error">
          {t('dolibarr.error', { message: run.error })}
        </p>
      ) : null}
      {r ? (
        <>
          <p>
            {r.modifiedFrom ? t('dolibarr.changesSince', { day: r.modifiedFrom }) : t('dolibarr.fullRead')}
          </p>
          <Counts
            t={t}
            rows={[
              ['dolibarr.thirdparties', r.thirdparties],
              ['dolibarr.orders', r.orders],
            ]}
          />
          {r.push.enabled ? (
            <p>
              {t('dolibarr.pushed', {
                created: r.push.created,
                found: r.push.found,
                skipped: r.push.skipped,
              })}
            </p>
          ) : null}
          {r.issues.length ? (
            <details open={r.issues.length <= 10}>
              <summary>{t('dolibarr.issues')}</summary>
              <ul>
                {r.issues.map((i) => (
                  <li>{`${i.entity} ${i.id}${i.ref ? ` (${i.ref})` : ''}: ${i.message}`}</li>
                ))}
              </ul>
              {r.moreIssues ? <p>{t('dolibarr.moreIssues', { n: r.moreIssues })}</p> : null}
            </details>
          ) : null}
        </>
      ) : null}
    </>
  );
}

async function page(
  c: Ctx,
  view: { values?: FormValues; errors?: FieldErrors; alert?: string; status?: 200 | 403 | 422 } = {},
): Promise<Response> {
  const ctx = c.get('ctx');
  const t = c.get('t');
  const locale = c.get('locale');
  const [settings, run, running] = await Promise.all([
    getDolibarrSettings(ctx, c.get('actor')),
    lastSyncRun(ctx),
    syncRunning(ctx),
  ]);
  const done = DONE[c.req.query('done') ?? ''];
  const values = view.values ?? {
    url: settings.url ?? '',
    intervalMinutes: String(settings.intervalMinutes),
    push: settings.push,
  };
  const title = t('dolibarr.title');
  return renderPage(
    c,
    { title, path: PATH, status: view.status ?? 200 },
    <>
      <h1>{title}</h1>
      <p>{t('dolibarr.intro')}</p>
      <FormAlert message={view.alert} />
      {done && !view.alert ? (
        <p role="status" class="notice">
          {t(done)}
        </p>
      ) : null}
      <section aria-labelledby="dolibarr-settings">
        <h2 id="dolibarr-settings">{t('dolibarr.settings')}</h2>
        <SettingsForm
          t={t}
          csrf={c.get('csrf')}
          values={values}
          keyHint={settings.keyHint}
          errors={view.errors ?? {}}
        />
      </section>
      <section aria-labelledby="dolibarr-last-run">
        <h2 id="dolibarr-last-run">{t('dolibarr.lastRun')}</h2>
        {running ? (
          <p role="status">
            {t('dolibarr.running')} <a href={PATH}>{t('dolibarr.refresh')}</a>
          </p>
        ) : null}
        <form method="post" action={`${PATH}/sync`}>
          <CsrfField csrf={c.get('csrf')} />
          <button type="submit" disabled={running || !settings.url || !settings.keyHint}>
            {t('dolibarr.syncNow')}
          </button>
        </form>
        <LastRunReport t={t} run={run} when={(iso) => formatDateTime(locale, iso, ctx.clock.zone)} />
      </section>
    </>,
  );
}

async function save(c: Ctx): Promise<Response> {
  const t = c.get('t');
  const form = await formStrings(c);
  const values: FormValues = {
    url: form.url ?? '',
    intervalMinutes: form.intervalMinutes ?? '0',
    push: form.push === '1',
  };
  if (!csrfOk(c, form)) return page(c, { values, alert: t('error.csrf'), status: 403 });
  try {
    await saveDolibarrSettings(c.get('ctx'), c.get('actor'), {
      url: values.url,
      key: form.key ?? '',
      intervalMinutes: values.intervalMinutes,
      push: values.push,
    });
  } catch (err) {
    const errors = fieldErrorsOf(err, (field) => t(FIELD_MESSAGE[field] ?? 'dolibarr.error.form'));
    if (!errors) throw err;
    return page(c, { values, errors, alert: t('dolibarr.error.form'), status: 422 });
  }
  return c.redirect(`${PATH}?done=saved`, 303);
}

export function registerDolibarrPages(app: Hono<AppEnv>): void {
  const admin = (c: Ctx, handler: () => Promise<Response>) =>
    guarded(c, async () => (can(c.get('actor'), 'admin:settings') ? handler() : errorPage(c, 403)));

  app.get(PATH, requireLogin, (c) => admin(c, () => page(c)));
  app.post(PATH, requireLogin, (c) => admin(c, () => save(c)));
  app.post(`${PATH}/sync`, requireLogin, (c) =>
    admin(c, async () => {
      const form = await formStrings(c);
      if (!csrfOk(c, form)) return page(c, { alert: c.get('t')('error.csrf'), status: 403 });
      const outcome = await startSyncNow(c.get('ctx'));
      return c.redirect(`${PATH}?done=${outcome === 'not_configured' ? 'not-configured' : outcome}`, 303);
    }),
  );
}
