// The page frame: doctype, head with local assets, the menu, the language switch and log-out.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Actor } from '../auth/permissions.ts';
import { CSRF_FIELD } from '../auth/session-cookie.ts';
import type { Locale, Translate } from './i18n/i18n.ts';

export interface PageFrame {
  t: Translate;
  locale: Locale;
  actor?: Actor | undefined;
  csrf?: string | undefined;
  /** Current path, to mark the active menu entry. */
  path?: string;
  /** The language switch's link: this page in the other language, its filters kept (languageHref). */
  langHref?: string;
}

export function CsrfField({ csrf }: { csrf: string | undefined }) {
  return <input type="hidden" name={CSRF_FIELD} value={csrf ?? ''} />;
}

export function Layout(props: PageFrame & { title: string; children?: Child }) {
  const { t, locale, actor, csrf, path = '' } = props;
  const other = locale === 'fr' ? 'en' : 'fr';
  const entry = (href: string, label: string) => (
    <li>
      <a
        href={href}
        aria-current={path === href || (href !== '/' && path.startsWith(href)) ? 'page' : undefined}
      >
        {label}
      </a>
    </li>
  );
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="csrf-token" content={csrf ?? ''} />
          <title>{`${props.title} · ${t('app.name')}`}</title>
          <link rel="stylesheet" href="/assets/pico.min.css" />
          <link rel="stylesheet" href="/assets/app.css" />
          <script src="/assets/htmx.min.js" defer></script>
          <script src="/assets/app.js" defer></script>
        </head>
        <body>
          <header class="container">
            <nav>
              <ul>
                <li>
                  <a href="/" class="brand">
                    <strong>{t('app.name')}</strong>
                  </a>
                </li>
              </ul>
              {actor ? (
                <ul class="menu">
                  {entry('/', t('menu.dashboard'))}
                  {entry('/queue', t('menu.queue'))}
                  {entry('/followups', t('menu.followups'))}
                  {entry('/orders', t('menu.orders'))}
                  {entry('/customers', t('menu.customers'))}
                  {entry('/me', t('me.menu'))}
                  {actor.role === 'admin' ? entry('/admin/users', t('menu.users')) : null}
                  <li>
                    <a href={props.langHref ?? `?lang=${other}`} lang={other}>
                      {locale === 'fr' ? 'English' : 'Français'}
                    </a>
                  </li>
                  <li>
                    <form method="post" action="/logout" class="inline">
                      <CsrfField csrf={csrf} />
                      <button type="submit" class="secondary outline small">
                        {t('menu.logout')}
                      </button>
                    </form>
                  </li>
                </ul>
              ) : null}
            </nav>
          </header>
          <main class="container">{props.children}</main>
        </body>
      </html>
    </>
  );
}
