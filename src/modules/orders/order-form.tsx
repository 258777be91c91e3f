// The order create/edit form: what the user typed is kept, and each refused field says why, next to it.
import { Field, type FieldErrors, invalid } from '../../web/components/form.tsx';
import { FormAlert, Option } from '../../web/components/page-kit.tsx';
import type { Translate } from '../../web/i18n/i18n.ts';
import { CsrfField } from '../../web/layout.tsx';
import { ORDER_STATUSES } from './order.schemas.ts';
import { statusKey } from './order-table.tsx';

/** The form's fields as typed (strings), so that a refused submit shows them again unchanged. */
export interface OrderFormValues {
  ref: string;
  /** From the customer select (or a customer card's "New order" link). */
  customerId: string;
  /** From the customer text input used when there are too many customers for a select. */
  customer: string;
  status: string;
  orderDate: string;
  deliveryDate: string;
  totalExclTax: string;
  currency: string;
  customerRef: string;
}

export const ORDER_FORM_FIELDS = [
  'ref',
  'customerId',
  'customer',
  'status',
  'orderDate',
  'deliveryDate',
  'totalExclTax',
  'currency',
  'customerRef',
] as const;

export function emptyOrderForm(): OrderFormValues {
  return {
    ref: '',
    customerId: '',
    customer: '',
    status: 'draft',
    orderDate: '',
    deliveryDate: '',
    totalExclTax: '',
    currency: 'EUR',
    customerRef: '',
  };
}

export function orderFormValues(form: Record<string, string>): OrderFormValues {
  const v = emptyOrderForm();
  for (const k of ORDER_FORM_FIELDS) v[k] = form[k] ?? '';
  return v;
}

/** Accepts "1 250,50" as well as "1250.50" and "1,250.50". */
export function normaliseAmount(raw: string): string {
  const s = raw.replace(/[\s\u00a0\u202f]/g, '');
  return s.includes(',') && s.includes('.') ? s.replace(/,/g, '') : s.replace(',', '.');
}

export interface CustomerChoice {
  id: number;
  name: string;
  code: string | null;
}

export function OrderForm(props: {
  t: Translate;
  csrf: string | undefined;
  action: string;
  values: OrderFormValues;
  errors: FieldErrors;
  alert?: string | undefined;
  /** All the customers the user may choose from, or null when there are too many for a select. */
  customers: CustomerChoice[] | null;
  submitLabel: string;
  cancelHref: string;
}) {
  const { t, values: v, errors } = props;
  return (
    <form method="post" action={props.action} class="record-form">
      <CsrfField csrf={props.csrf} />
      <FormAlert message={props.alert} />
      <div class="grid">
        <Field label={t('orders.field.ref')} name="ref" errors={errors}>
          <input
            name="ref"
            value={v.ref}
            required
            maxlength={60}
            autocomplete="off"
            {...invalid(errors, 'ref')}
          />
        </Field>
        {props.customers ? (
          <Field label={t('orders.field.customer')} name="customer" errors={errors}>
            <select name="customerId" required {...invalid(errors, 'customer')}>
              <Option value="" current={v.customerId}>
                {t('orders.chooseCustomer')}
              </Option>
              {props.customers.map((c) => (
                <Option value={String(c.id)} current={v.customerId}>
                  {c.code ? `${c.name} (${c.code})` : c.name}
                </Option>
              ))}
            </select>
          </Field>
        ) : (
          <Field
            label={t('orders.field.customer')}
            name="customer"
            errors={errors}
            hint={t('orders.field.customerHint')}
          >
            <input
              name="customer"
              value={v.customer}
              required
              autocomplete="off"
              {...invalid(errors, 'customer')}
            />
          </Field>
        )}
      </div>
      <div class="grid">
        <Field label={t('orders.field.status')} name="status" errors={errors}>
          <select name="status" {...invalid(errors, 'status')}>
            {ORDER_STATUSES.map((s) => (
              <Option value={s} current={v.status}>
                {t(statusKey[s])}
              </Option>
            ))}
          </select>
        </Field>
        <Field label={t('orders.field.orderDate')} name="orderDate" errors={errors}>
          <input type="date" name="orderDate" value={v.orderDate} {...invalid(errors, 'orderDate')} />
        </Field>
        <Field label={t('orders.field.deliveryDate')} name="deliveryDate" errors={errors}>
          <input
            type="date"
            name="deliveryDate"
            value={v.deliveryDate}
            {...invalid(errors, 'deliveryDate')}
          />
        </Field>
      </div>
      <div class="grid">
        <Field
          label={t('orders.field.total')}
          name="totalExclTax"
          errors={errors}
          hint={t('orders.field.totalHint')}
        >
          <input
            name="totalExclTax"
            value={v.totalExclTax}
            inputmode="decimal"
            autocomplete="off"
            {...invalid(errors, 'totalExclTax')}
          />
        </Field>
        <Field label={t('orders.field.currency')} name="currency" errors={errors}>
          <input
            name="currency"
            value={v.currency}
            maxlength={3}
            autocomplete="off"
            {...invalid(errors, 'currency')}
          />
        </Field>
        <Field label={t('orders.field.customerRef')} name="customerRef" errors={errors}>
          <input
            name="customerRef"
            value={v.customerRef}
            maxlength={120}
            autocomplete="off"
            {...invalid(errors, 'customerRef')}
          />
        </Field>
      </div>
      <div class="form-actions">
        <button type="submit">{props.submitLabel}</button>
        <a href={props.cancelHref} class="button-link secondary">
          {t('orders.cancel')}
        </a>
      </div>
    </form>
  );
}
