// Row types of the `customers` table.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type CustomerKind = 'customer' | 'prospect';

export interface CustomersTable {
  id: Generated<number>;
  code: string | null;
  name: string;
  /** foldName(name), written with the name by the repository: the key of an exact name in any case (0611). */
  name_folded: string | null;
  kind: CustomerKind;
  email: string | null;
  phone: string | null;
  town: string | null;
  country: string | null;
  sales_rep_id: number | null;
  /** Where external_id comes from (e.g. `dolibarr`); unique together with it. */
  external_source: string | null;
  external_id: string | null;
  created_at: string;
  updated_at: string;
}

export type CustomerRow = Selectable<CustomersTable>;
export type NewCustomerRow = Insertable<CustomersTable>;
export type CustomerUpdate = Updateable<CustomersTable>;
