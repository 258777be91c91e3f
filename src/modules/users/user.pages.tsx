// Account pages: /admin/users and its settings for administrators (everyone else gets 403), and /me, where
// each user picks their language.
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../api/app-env.ts';
import { generatePassword } from '../../auth/passwords.ts';
import { can } from '../../auth/permissions.ts';
import { AppError } from '../../shared/errors.ts';
import { Field, type FieldErrors, invalid } from '../../web/components/form.tsx';
import {
  errorPage,
  type FieldProblem,
  FormAlert,
  fieldErrorsOf,
  formStrings,
  guarded,
  Option,
  renderPage,
} from '../../web/components/page-kit.tsx';
import type { MessageKey, Translate } from '../../web/i18n/i18n.ts';
import { CsrfField } from '../../web/layout.tsx';
import { csrfOk, requireLogin } from '../../web/web-auth.ts';
import { CalendarSummary } from '../calendar/calendar-summary.tsx';
import { LOCALES, ROLES, type User } from './user.schemas.ts';
import {
  createUser,
  getMe,
  getSalesSeeAll,
  listUsers,
  resetPassword,
  setActive,
  setLocale,
  setRole,
  setSalesSeeAll,
} from './user.service.ts';

type Ctx = Context<AppEnv>;

export const roleKey: Record<User['role'], MessageKey> = {
  admin: 'admin.role.admin',
  manager: 'admin.role.manager',
  sales: 'admin.role.sales',
  viewer: 'admin.role.viewer',
};

const localeName: Record<User['locale'], MessageKey> = { fr: 'me.french', en: 'me.english' };

const NEW_USER_FIELDS = ['login', 'name', 'email', 'role', 'locale', 'password'] as const;
type NewUserValues = Record<(typeof NEW_USER_FIELDS)[number], string>;
const emptyNewUser = (): NewUserValues => ({
  login: '',
  name: '',
  email: '',
  role: 'sales',
  locale: 'fr',
  password: '',
});

interface AdminView {
  values?: NewUserValues;
  errors?: FieldErrors;
  /** Shown above everything: a refusal, or what was just done. */
  alert?: string | undefined;
  notice?: string | undefined;
  /** A password to show once, with whose it is. */
  secret?: { login: string; password: string } | undefined;
  status?: 200 | 403 | 404 | 409 | 422;
}

function NewUserForm(props: {
  t: Translate;
  csrf: string | undefined;
  values: NewUserValues;
  errors: FieldErrors;
}) {
  const { t, values: v, errors } = props;
  return (
    <form method="post" action="/admin/users" class="record-form">
      <CsrfField csrf={props.csrf} />
      <div class="grid">
        <Field label={t('admin.field.login')} name="login" errors={errors}>
          <input name="login" value={v.login} required autocomplete="off" {...invalid(errors, 'login')} />
        </Field>
        <Field label={t('admin.field.name')} name="name" errors={errors}>
          <input name="name" value={v.name} required autocomplete="off" {...invalid(errors, 'name')} />
        </Field>
        <Field label={t('admin.field.email')} name="email" errors={errors}>
          <input type="email" name="email" value={v.email} autocomplete="off" {...invalid(errors, 'email')} />
        </Field>
      </div>
      <div class="grid">
        <Field label={t('admin.field.role')} name="role" errors={errors}>
          <select name="role" {...invalid(errors, 'role')}>
            {ROLES.map((r) => (
              <Option value={r} current={v.role}>
                {t(roleKey[r])}
              </Option>
            ))}
          </select>
        </Field>
        <Field label={t('admin.field.locale')} name="locale" errors={errors}>
          <select name="locale" {...invalid(errors, 'locale')}>
            {LOCALES.map((l) => (
              <Option value={l} current={v.locale}>
                {t(localeName[l])}
              </Option>
            ))}
          </select>
        </Field>
        <Field
          label={t('admin.field.password')}
          name="password"
          errors={errors}
          hint={t('admin.field.passwordHint')}
        >
          <input
            type="password"
            name="password"
            value={v.password}
            autocomplete="new-password"
            {...invalid(errors, 'password')}
          />
        </Field>
      </div>
      <button type="submit">{t('admin.create')}</button>
    </form>
  );
}

function UserRow(props: { t: Translate; csrf: string | undefined; user: User; self: boolean }) {
  const { t, user: u } = props;
  return (
    <tr class={u.active ? undefined : 'inactive'}>
      <td>{u.login}</td>
      <td>{u.name}</td>
      <td>{u.email ?? ''}</td>
      <td>{t(roleKey[u.role])}</td>
      <td>{t(localeName[u.locale])}</td>
      <td>{u.active ? t('admin.active') : t('admin.inactive')}</td>
      <td>
        <div class="row-actions">
          <form method="post" action={`/admin/users/${u.id}/role`}>
            <CsrfField csrf={props.csrf} />
            <label>
              <span class="visually-hidden">{t('admin.roleOf', { name: u.name })}</span>
              <select name="role">
                {ROLES.map((r) => (
                  <Option value={r} current={u.role}>
                    {t(roleKey[r])}
                  </Option>
                ))}
              </select>
            </label>
            <button type="submit" class="secondary outline small">
              {t('admin.changeRole')}
            </button>
          </form>
          {props.self ? null : (
            <form method="post" action={`/admin/users/${u.id}/active`}>
              <CsrfField csrf={props.csrf} />
              <input type="hidden" name="active" value={u.active ? 'false' : 'true'} />
              <button type="submit" class="secondary outline small">
                {u.active ? t('admin.deactivate') : t('admin.reactivate')}
              </button>
            </form>
          )}
          <form method="post" action={`/admin/users/${u.id}/password`}>
            <CsrfField csrf={props.csrf} />
            <button type="submit" class="secondary outline small">
              {t('admin.resetPassword')}
            </button>
          </form>
        </div>
      </td>
    </tr>
  );
}

async function adminPage(c: Ctx, view: AdminView = {}): Promise<Response> {
  const ctx = c.get('ctx');
  const actor = c.get('actor');
  const t = c.get('t');
  const csrf = c.get('csrf');
  const users = await listUsers(ctx, actor);
  const salesSeeAll = await getSalesSeeAll(ctx);
  const title = t('admin.users.title');
  return renderPage(
    c,
    { title, path: '/admin/users', status: view.status ?? 200 },
    <>
      <h1>{title}</h1>
      <nav aria-label={t('admin.more')} class="admin-links">
        <a href="/admin/import">{t('import.title')}</a> · <a href="/admin/dolibarr">{t('dolibarr.title')}</a>
      </nav>
      <FormAlert message={view.alert} />
      {view.notice ? (
        <p role="status" class="notice">
          {view.notice}
        </p>
      ) : null}
      {view.secret ? (
        <article role="status" class="once">
          <p>{t('admin.newPassword', { login: view.secret.login })}</p>
          <p class="once-secret">{view.secret.password}</p>
        </article>
      ) : null}
      <div class="table-wrap">
        <table class="striped users">
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.col.login')}</th>
              <th scope="col">{t('admin.col.name')}</th>
              <th scope="col">{t('admin.col.email')}</th>
              <th scope="col">{t('admin.col.role')}</th>
              <th scope="col">{t('admin.col.locale')}</th>
              <th scope="col">{t('admin.col.state')}</th>
              <th scope="col">{t('admin.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <UserRow t={t} csrf={csrf} user={u} self={u.id === actor.id} />
            ))}
          </tbody>
        </table>
      </div>
      <section>
        <h2>{t('admin.newUser')}</h2>
        <NewUserForm t={t} csrf={csrf} values={view.values ?? emptyNewUser()} errors={view.errors ?? {}} />
      </section>
      <section id="settings">
        <h2>{t('admin.settings')}</h2>
        <form method="post" action="/admin/settings">
          <CsrfField csrf={csrf} />
          <fieldset>
            <label>
              <input type="checkbox" name="salesSeeAll" value="true" checked={salesSeeAll} />
              {t('admin.salesSeeAll')}
            </label>
            <small>{t('admin.salesSeeAllHint')}</small>
          </fieldset>
          <button type="submit" class="secondary">
            {t('admin.saveSettings')}
          </button>
        </form>
      </section>
    </>,
  );
}

function newUserMessage(t: Translate) {
  return (field: string, problem: FieldProblem): string => {
    switch (field) {
      case 'login':
        return problem === 'conflict' ? t('admin.error.loginTaken') : t('admin.error.login');
      case 'name':
        return t('admin.error.name');
      case 'email':
        return t('admin.error.email');
      case 'role':
        return t('admin.error.role');
      case 'locale':
        return t('admin.error.locale');
      case 'password':
        return t('admin.error.password');
      default:
        return t('admin.error.form');
    }
  };
}

async function createUserFromForm(c: Ctx): Promise<Response> {
  const t = c.get('t');
  const form = await formStrings(c);
  const values = emptyNewUser();
  for (const k of NEW_USER_FIELDS) values[k] = form[k] ?? '';
  if (!csrfOk(c, form)) return adminPage(c, { values, alert: t('error.csrf'), status: 403 });
  const password = values.password || generatePassword();
  try {
    const user = await createUser(c.get('ctx'), c.get('actor'), {
      login: values.login,
      name: values.name,
      email: values.email.trim() || null,
      role: values.role as User['role'],
      locale: values.locale as User['locale'],
      password,
    });
    return adminPage(c, {
      notice: t('admin.created', { login: user.login }),
      secret: values.password ? undefined : { login: user.login, password },
    });
  } catch (err) {
    const errors = fieldErrorsOf(err, newUserMessage(t));
    if (!errors) throw err;
    // The typed password is not sent back to the page.
    const status = err instanceof AppError && err.code === 'conflict' ? 409 : 422;
    return adminPage(c, {
      values: { ...values, password: '' },
      errors,
      alert: t('admin.error.form'),
      status,
    });
  }
}

/** One of the row actions: CSRF first, then the service; its refusals are shown above the table. */
async function rowAction(c: Ctx, act: (form: Record<string, string>, id: number) => Promise<AdminView>) {
  const t = c.get('t');
  const form = await formStrings(c);
  if (!csrfOk(c, form)) return adminPage(c, { alert: t('error.csrf'), status: 403 });
  try {
    return adminPage(c, await act(form, Number(c.req.param('id'))));
  } catch (err) {
    if (!(err instanceof AppError) || (err.code !== 'conflict' && err.code !== 'unprocessable')) throw err;
    const path = err.errors?.[0]?.path;
    const alert =
      path === 'active'
        ? t('admin.error.self')
        : path === 'role' && err.code === 'conflict'
          ? t('admin.error.lastAdmin')
          : t('admin.error.role');
    return adminPage(c, { alert, status: err.code === 'conflict' ? 409 : 422 });
  }
}

async function mePage(
  c: Ctx,
  saved = false,
  status: 200 | 403 | 422 = 200,
  alert?: string,
): Promise<Response> {
  const t = c.get('t');
  const me = await getMe(c.get('ctx'), c.get('actor'));
  return renderPage(
    c,
    { title: t('me.title'), path: '/me', status },
    <>
      <h1>{t('me.title')}</h1>
      <FormAlert message={alert} />
      {saved ? (
        <p role="status" class="notice">
          {t('me.saved')}
        </p>
      ) : null}
      <div class="table-wrap">
        <table class="record">
          <tbody>
            <tr>
              <th scope="row">{t('me.login')}</th>
              <td>{me.login}</td>
            </tr>
            <tr>
              <th scope="row">{t('admin.col.name')}</th>
              <td>{me.name}</td>
            </tr>
            <tr>
              <th scope="row">{t('me.role')}</th>
              <td>{t(roleKey[me.role])}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <form method="post" action="/me">
        <CsrfField csrf={c.get('csrf')} />
        <label>
          {t('me.language')}
          <select name="locale">
            {LOCALES.map((l) => (
              <option value={l} lang={l} selected={l === me.locale}>
                {t(localeName[l])}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('me.save')}</button>
      </form>
      <CalendarSummary t={t} />
    </>,
  );
}

export function registerUserPages(app: Hono<AppEnv>): void {
  const admin = (c: Ctx, handler: () => Promise<Response>) =>
    guarded(c, async () => (can(c.get('actor'), 'admin:users') ? handler() : errorPage(c, 403)));

  app.get('/admin/users', requireLogin, (c) => admin(c, () => adminPage(c)));
  app.post('/admin/users', requireLogin, (c) => admin(c, () => createUserFromForm(c)));
  app.post('/admin/users/:id{[0-9]+}/role', requireLogin, (c) =>
    admin(c, () =>
      rowAction(c, async (form, id) => {
        const u = await setRole(c.get('ctx'), c.get('actor'), id, form.role ?? '');
        return { notice: `${u.login}: ${c.get('t')(roleKey[u.role])}` };
      }),
    ),
  );
  app.post('/admin/users/:id{[0-9]+}/active', requireLogin, (c) =>
    admin(c, () =>
      rowAction(c, async (form, id) => {
        const u = await setActive(c.get('ctx'), c.get('actor'), id, form.active === 'true');
        const t = c.get('t');
        return { notice: `${u.login}: ${u.active ? t('admin.active') : t('admin.inactive')}` };
      }),
    ),
  );
  app.post('/admin/users/:id{[0-9]+}/password', requireLogin, (c) =>
    admin(c, () =>
      rowAction(c, async (_form, id) => {
        const password = await resetPassword(c.get('ctx'), c.get('actor'), id);
        const user = (await listUsers(c.get('ctx'), c.get('actor'))).find((u) => u.id === id);
        return { secret: { login: user?.login ?? String(id), password } };
      }),
    ),
  );
  app.get('/admin/settings', requireLogin, (c) =>
    admin(c, async () => c.redirect('/admin/users#settings', 303)),
  );
  app.post('/admin/settings', requireLogin, (c) =>
    admin(c, async () => {
      const form = await formStrings(c);
      if (!csrfOk(c, form)) return adminPage(c, { alert: c.get('t')('error.csrf'), status: 403 });
      await setSalesSeeAll(c.get('ctx'), c.get('actor'), form.salesSeeAll === 'true');
      return adminPage(c, { notice: c.get('t')('admin.saved') });
    }),
  );

  app.get('/me', requireLogin, (c) => guarded(c, () => mePage(c, c.req.query('saved') === '1')));
  app.post('/me', requireLogin, (c) =>
    guarded(c, async () => {
      const form = await formStrings(c);
      if (!csrfOk(c, form)) return mePage(c, false, 403, c.get('t')('error.csrf'));
      try {
        await setLocale(c.get('ctx'), c.get('actor'), form.locale ?? '');
      } catch (err) {
        if (err instanceof AppError && err.code === 'unprocessable')
          return mePage(c, false, 422, c.get('t')('admin.error.locale'));
        throw err;
      }
      return c.redirect('/me?saved=1', 303);
    }),
  );
}
