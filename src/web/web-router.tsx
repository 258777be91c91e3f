// The web pages: assets, login, and each module's pages, all behind the session except /login.
import type { Hono } from 'hono';
import type { AppEnv } from '../api/app-env.ts';
import { registerCustomerPages } from '../modules/customers/customer.pages.tsx';
import { registerOrderPages } from '../modules/orders/order.pages.tsx';
import { registerUserPages } from '../modules/users/user.pages.tsx';
import { registerAssets } from './assets.ts';
import { Layout } from './layout.tsx';
import { registerLoginPages } from './login.pages.tsx';
import { requireLogin } from './web-auth.ts';

export function registerWeb(app: Hono<AppEnv>): void {
  registerAssets(app);
  registerLoginPages(app);
  registerOrderPages(app);
  registerCustomerPages(app);
  registerUserPages(app);
  app.get('/', requireLogin, (c) => {
    const t = c.get('t');
    return c.html(
      <Layout
        t={t}
        locale={c.get('locale')}
        actor={c.get('actor')}
        csrf={c.get('csrf')}
        path="/"
        title={t('menu.dashboard')}
      >
        <h1>{t('dashboard.box')}</h1>
      </Layout>,
    );
  });
}
