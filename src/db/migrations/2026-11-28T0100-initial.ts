// Initial schema: users and credentials, customers, orders (with the follow-up summary), follow-ups, settings, audit.
// Frozen: never edit a landed migration, add a new one.
import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';
import { dialectOf } from '../database.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = (c: ColumnDefinitionBuilder) =>
    pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
  const ts = pg ? 'timestamptz' : 'text';
  const date = pg ? 'date' : 'text';
  const money = pg ? sql`numeric(14,2)` : sql`numeric`;

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', id)
    .addColumn('login', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin','manager','sales','viewer')`))
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('fr').check(sql`locale in ('fr','en')`))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('password_hash', 'text')
    .addColumn('calendar_secret', 'text', (c) => c.unique())
    .addColumn('digest_opt_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'integer', id)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_used_at', ts)
    .addColumn('revoked_at', ts)
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('customers')
    .addColumn('id', 'integer', id)
    .addColumn('code', 'text', (c) => c.unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().defaultTo('customer').check(sql`kind in ('customer','prospect')`),
    )
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('town', 'text')
    .addColumn('country', 'text')
    .addColumn('sales_rep_id', 'integer', (c) => c.references('users.id'))
    .addColumn('external_source', 'text')
    .addColumn('external_id', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('customers_external_uq', ['external_source', 'external_id'])
    .execute();
  await db.schema.createIndex('customers_name_idx').on('customers').columns(['name', 'id']).execute();
  await db.schema
    .createIndex('customers_rep_idx')
    .on('customers')
    .columns(['sales_rep_id', 'name', 'id'])
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', 'integer', id)
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('draft','validated','in_progress','delivered','cancelled')`),
    )
    .addColumn('order_date', date)
    .addColumn('delivery_date', date)
    .addColumn('total_excl_tax', money, (c) => c.notNull().defaultTo(0))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('EUR'))
    .addColumn('customer_ref', 'text')
    .addColumn('external_source', 'text')
    .addColumn('external_id', 'text')
    .addColumn('is_open', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('next_followup_at', date)
    .addColumn('next_assignee_id', 'integer', (c) => c.references('users.id'))
    .addColumn('last_followup_id', 'integer')
    .addColumn('last_followup_at', ts)
    .addColumn('followup_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('orders_external_uq', ['external_source', 'external_id'])
    .execute();
  await db.schema.createIndex('orders_customer_idx').on('orders').columns(['customer_id', 'id']).execute();
  await db.schema.createIndex('orders_created_idx').on('orders').columns(['created_at', 'id']).execute();
  // The due queries: open orders by next date, overall and per assignee.
  await db.schema
    .createIndex('orders_due_idx')
    .on('orders')
    .columns(['next_followup_at', 'id'])
    .where(sql.ref('is_open'), '=', 1)
    .execute();
  await db.schema
    .createIndex('orders_assignee_due_idx')
    .on('orders')
    .columns(['next_assignee_id', 'next_followup_at', 'id'])
    .where(sql.ref('is_open'), '=', 1)
    .execute();

  await db.schema
    .createTable('followups')
    .addColumn('id', 'integer', id)
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id'))
    .addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('phone','email','letter','meeting','other')`),
    )
    .addColumn('outcome', 'text', (c) =>
      c.check(sql`outcome in ('reached','no_answer','left_message','refused')`),
    )
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('done_at', ts, (c) => c.notNull())
    .addColumn('next_at', date)
    .addColumn('assignee_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('deleted_at', ts)
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id'))
    .execute();
  const live = (name: string, columns: string[]) =>
    db.schema
      .createIndex(name)
      .on('followups')
      .columns(columns)
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();
  await live('followups_done_idx', ['done_at', 'id']);
  await live('followups_order_idx', ['order_id', 'done_at', 'id']);
  await live('followups_customer_idx', ['customer_id', 'done_at', 'id']);
  await live('followups_user_idx', ['user_id', 'done_at', 'id']);
  await live('followups_assignee_idx', ['assignee_id', 'done_at', 'id']);
  await live('followups_next_idx', ['next_at', 'id']);

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', id)
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .execute();
  await db.schema
    .createIndex('audit_entity_idx')
    .on('audit_log')
    .columns(['entity', 'entity_id', 'id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('The initial migration cannot be undone; restore a backup instead.');
}
