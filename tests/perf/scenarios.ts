// The requests `npm run bench` measures (issue 4, items 1-8): one small table entry per request, so that a
// page added later is one more line.
import type { ScenarioKind } from './bench-types.ts';
import type { ScenarioInfo } from './report.ts';

/** Ids and values found on the running server before measuring. */
export interface BenchIds {
  orderId: number;
  customerId: number;
  /** The cursor of page 1,000 of the follow-up list (or of its last page on smaller sets). */
  deepCursor: string;
  deepPage: number;
  /** Orders the write scenarios add follow-ups to, in turn. */
  writeOrderIds: number[];
  /** A text found in a handful of notes, and a word found in thousands. */
  rareText: string;
  commonText: string;
}

export type Auth = 'manager' | 'sales' | 'token';

export interface Scenario extends ScenarioInfo {
  kind: ScenarioKind;
  method: 'GET' | 'POST';
  auth: Auth;
  path: (ids: BenchIds) => string;
}

const q = (v: string) => encodeURIComponent(v);

export const SCENARIOS: Scenario[] = [
  {
    id: 'followups-page1',
    label: '1. `GET /followups` page 1, default sort (HTML, manager)',
    dolibarr: '479 ms (agenda list, page 1)',
    kind: 'list',
    method: 'GET',
    auth: 'manager',
    path: () => '/followups',
  },
  {
    id: 'followups-customer',
    label: '2. … filtered on one customer',
    kind: 'read',
    method: 'GET',
    auth: 'manager',
    path: (ids) => `/followups?customerId=${ids.customerId}`,
  },
  {
    id: 'followups-sorted',
    label: '2. … sorted on customer name',
    kind: 'read',
    method: 'GET',
    auth: 'manager',
    path: () => '/followups?sort=customerName',
  },
  {
    id: 'followups-deep',
    label: '2. … page 1,000 through cursors',
    kind: 'read',
    method: 'GET',
    auth: 'manager',
    path: (ids) => `/followups?cursor=${q(ids.deepCursor)}`,
  },
  {
    id: 'order-followups',
    label: "3. `GET /orders/{id}/followups` (HTML, the order's tab)",
    dolibarr: "47 ms (order's events tab)",
    kind: 'read',
    method: 'GET',
    auth: 'manager',
    path: (ids) => `/orders/${ids.orderId}/followups`,
  },
  {
    id: 'customer-followups',
    label: "3. `GET /customers/{id}/followups` (HTML, the customer's tab)",
    kind: 'read',
    method: 'GET',
    auth: 'manager',
    path: (ids) => `/customers/${ids.customerId}/followups`,
  },
  {
    id: 'dashboard-sales',
    label: '4. `GET /` dashboard (HTML, sales user)',
    dolibarr: '938 ms (home page with its boxes)',
    kind: 'dashboard',
    method: 'GET',
    auth: 'sales',
    path: () => '/',
  },
  {
    id: 'dashboard-manager',
    label: '4. `GET /` dashboard (HTML, manager: own and team)',
    dolibarr: '938 ms (home page with its boxes)',
    kind: 'dashboard',
    method: 'GET',
    auth: 'manager',
    path: () => '/',
  },
  {
    id: 'api-followups',
    label: '5. `GET /api/v1/followups?limit=50`',
    dolibarr: '32 ms (REST, 50 newest events)',
    kind: 'read',
    method: 'GET',
    auth: 'token',
    path: () => '/api/v1/followups?limit=50',
  },
  {
    id: 'api-dashboard',
    label: '5. `GET /api/v1/dashboard`',
    kind: 'read',
    method: 'GET',
    auth: 'token',
    path: () => '/api/v1/dashboard',
  },
  {
    id: 'picker-ref',
    label: '6. order picker, 3-letter ref prefix (`/followups/picker?q=BK0`)',
    kind: 'read',
    method: 'GET',
    auth: 'manager',
    path: () => '/followups/picker?q=BK0',
  },
  {
    id: 'picker-name',
    label: '6. order picker, 3 letters of a customer name (`q=Dup`)',
    kind: 'read',
    method: 'GET',
    auth: 'manager',
    path: () => '/followups/picker?q=Dup',
  },
  {
    id: 'write',
    label: '7. `POST /api/v1/followups` alone',
    kind: 'write',
    method: 'POST',
    auth: 'token',
    path: () => '/api/v1/followups',
  },
  {
    id: 'mixed',
    label: '7. `GET /followups` page 1 while ~200 follow-ups/s are written',
    kind: 'mixed',
    method: 'GET',
    auth: 'manager',
    path: () => '/followups',
  },
  {
    id: 'search-rare',
    label: '8. `GET /followups?q=` a text in a few notes',
    kind: 'read',
    method: 'GET',
    auth: 'manager',
    path: (ids) => `/followups?q=${q(ids.rareText)}`,
  },
  {
    id: 'search-common',
    label: '8. `GET /followups?q=` a word in 7% of the notes',
    kind: 'read',
    method: 'GET',
    auth: 'manager',
    path: (ids) => `/followups?q=${q(ids.commonText)}`,
  },
];
