// The customer create/edit form: what the user typed is kept, and each refused field says why, next to it.
import { Field, type FieldErrors, invalid } from '../../web/components/form.tsx';
import { FormAlert, Option } from '../../web/components/page-kit.tsx';
import type { MessageKey, Translate } from '../../web/i18n/i18n.ts';
import { CsrfField } from '../../web/layout.tsx';
import type { UserChoice } from '../users/user.service.ts';
import { CUSTOMER_KINDS } from './customer.schemas.ts';

export const kindKey: Record<(typeof CUSTOMER_KINDS)[number], MessageKey> = {
  customer: 'kind.customer',
  prospect: 'kind.prospect',
};

export const CUSTOMER_FORM_FIELDS = [
  'name',
  'code',
  'kind',
  'email',
  'phone',
  'town',
  'country',
  'salesRepId',
] as const;

export type CustomerFormValues = Record<(typeof CUSTOMER_FORM_FIELDS)[number], string>;

export function emptyCustomerForm(): CustomerFormValues {
  return {
    name: '',
    code: '',
    kind: 'customer',
    email: '',
    phone: '',
    town: '',
    country: '',
    salesRepId: '',
  };
}

export function customerFormValues(form: Record<string, string>): CustomerFormValues {
  const v = emptyCustomerForm();
  for (const k of CUSTOMER_FORM_FIELDS) v[k] = form[k] ?? '';
  return v;
}

/** The service's input: empty optional fields become null; an id that is not a number stays invalid. */
export function customerInput(v: CustomerFormValues) {
  const text = (s: string) => s.trim() || null;
  const rep = v.salesRepId.trim();
  return {
    name: v.name,
    code: text(v.code),
    kind: v.kind,
    email: text(v.email),
    phone: text(v.phone),
    town: text(v.town),
    country: text(v.country),
    salesRepId: rep === '' ? null : /^\d+$/.test(rep) ? Number(rep) : rep,
  };
}

export function CustomerForm(props: {
  t: Translate;
  csrf: string | undefined;
  action: string;
  values: CustomerFormValues;
  errors: FieldErrors;
  alert?: string | undefined;
  users: UserChoice[];
  submitLabel: string;
  cancelHref: string;
}) {
  const { t, values: v, errors } = props;
  const text = (name: keyof CustomerFormValues, label: MessageKey, max: number, type = 'text') => (
    <Field label={t(label)} name={name} errors={errors}>
      <input type={type} name={name} value={v[name]} maxlength={max} {...invalid(errors, name)} />
    </Field>
  );
  return (
    <form method="post" action={props.action} class="record-form">
      <CsrfField csrf={props.csrf} />
      <FormAlert message={props.alert} />
      <div class="grid">
        <Field label={t('customers.field.name')} name="name" errors={errors}>
          <input name="name" value={v.name} required maxlength={200} {...invalid(errors, 'name')} />
        </Field>
        {text('code', 'customers.field.code', 60)}
        <Field label={t('customers.field.kind')} name="kind" errors={errors}>
          <select name="kind" {...invalid(errors, 'kind')}>
            {CUSTOMER_KINDS.map((k) => (
              <Option value={k} current={v.kind}>
                {t(kindKey[k])}
              </Option>
            ))}
          </select>
        </Field>
      </div>
      <div class="grid">
        {text('email', 'customers.field.email', 200, 'email')}
        {text('phone', 'customers.field.phone', 40, 'tel')}
      </div>
      <div class="grid">
        {text('town', 'customers.field.town', 120)}
        {text('country', 'customers.field.country', 60)}
        <Field label={t('customers.field.salesRep')} name="salesRepId" errors={errors}>
          <select name="salesRepId" {...invalid(errors, 'salesRepId')}>
            <Option value="" current={v.salesRepId}>
              {t('customers.noSalesRep')}
            </Option>
            {props.users
              .filter((u) => u.active || String(u.id) === v.salesRepId)
              .map((u) => (
                <Option value={String(u.id)} current={v.salesRepId}>
                  {u.name}
                </Option>
              ))}
          </select>
        </Field>
      </div>
      <div class="form-actions">
        <button type="submit">{props.submitLabel}</button>
        <a href={props.cancelHref} class="button-link secondary">
          {t('customers.cancel')}
        </a>
      </div>
    </form>
  );
}
