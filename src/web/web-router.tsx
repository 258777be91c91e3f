// The web pages: assets, login, and each module's pages, all behind the session except /login.
import type { Hono } from 'hono';
import type { AppEnv } from '../api/app-env.ts';
import { registerCustomerPages } from '../modules/customers/customer.pages.tsx';
import { registerDashboardPages } from '../modules/dashboard/dashboard.pages.tsx';
import { registerDolibarrPages } from '../modules/dolibarr/dolibarr.pages.tsx';
import { registerExportPages } from '../modules/exports/export.pages.tsx';
import { registerFollowupPages } from '../modules/followups/followup.pages.tsx';
import { registerImportPages } from '../modules/imports/import.pages.tsx';
import { registerOrderPages } from '../modules/orders/order.pages.tsx';
import { registerUserPages } from '../modules/users/user.pages.tsx';
import { registerAssets } from './assets.ts';
import { registerLoginPages } from './login.pages.tsx';

export function registerWeb(app: Hono<AppEnv>): void {
  registerAssets(app);
  registerLoginPages(app);
  registerOrderPages(app);
  registerCustomerPages(app);
  registerUserPages(app);
  registerFollowupPages(app);
  registerDashboardPages(app);
  registerImportPages(app);
  registerExportPages(app);
  registerDolibarrPages(app);
}
