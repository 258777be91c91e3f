// The Add/Edit follow-up form: its fields (SPEC §5 labels), the order picker in its three shapes, next-date
// presets and the note's suggestion, and the reading of a submitted form into service input with messages
// placed next to the offending field in the user's language.
import type { Actor } from '../../auth/permissions.ts';
import type { Core } from '../../core.ts';
import { dayOf, isCalendarDate } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { FieldErrors } from '../../web/components/form.tsx';
import type { Locale, Translate } from '../../web/i18n/i18n.ts';
import { CsrfField } from '../../web/layout.tsx';
import { CHANNELS, NOTE_MAX } from './followup.schemas.ts';
import { fromLocalInput, localInputValue, showDayLong } from './followup-format.ts';
import { dateFromNote, isNextPreset, NEXT_PRESETS, type NoteDate, presetDate } from './followup-next-date.ts';
import { type OrderChoice, orderByRef } from './followup-picker.ts';

/** What the Order field looks like: a search-as-you-type input, a fixed order, or one customer's orders. */
export type OrderField =
  | { kind: 'search' }
  | { kind: 'fixed'; order: OrderChoice }
  | { kind: 'customer'; customerId: number; orders: OrderChoice[]; more: boolean };

/** The raw strings of the form, kept as typed when a submit is refused. */
export interface FormValues {
  orderRef: string;
  orderId: string;
  channel: string;
  note: string;
  doneAt: string;
  nextAt: string;
  preset: string;
}

export function emptyValues(core: Core): FormValues {
  return {
    orderRef: '',
    orderId: '',
    channel: 'phone',
    note: '',
    doneAt: localInputValue(core.clock.now(), core.clock.zone),
    nextAt: '',
    preset: '',
  };
}

export function valuesFrom(form: Record<string, string | undefined>, fallback: FormValues): FormValues {
  const pick = (k: keyof FormValues) => (typeof form[k] === 'string' ? (form[k] as string) : fallback[k]);
  return {
    orderRef: pick('orderRef'),
    orderId: pick('orderId'),
    channel: pick('channel'),
    note: pick('note'),
    doneAt: pick('doneAt'),
    nextAt: pick('nextAt'),
    preset: pick('preset'),
  };
}

/** The hidden "context" field: which shape the Order field had, so a refused submit is shown the same way. */
export function contextOf(field: OrderField): string {
  if (field.kind === 'fixed') return `order:${field.order.id}`;
  if (field.kind === 'customer') return `customer:${field.customerId}`;
  return '';
}

export function parseContext(raw: string | undefined): { orderId: number } | { customerId: number } | null {
  const m = /^(order|customer):(\d{1,12})$/.exec(raw ?? '');
  if (!m?.[2]) return null;
  return m[1] === 'order' ? { orderId: Number(m[2]) } : { customerId: Number(m[2]) };
}

export interface FollowupFormProps {
  t: Translate;
  locale: Locale;
  csrf: string | undefined;
  action: string;
  submitLabel: string;
  field: OrderField;
  values: FormValues;
  errors?: FieldErrors | undefined;
  /** A message for the whole form (stale CSRF token, a refusal without a field). */
  alert?: string | undefined;
  returnTo: string;
  /** The date the note asks for, when known (after a submit, or computed server-side). */
  suggestion?: NoteDate | null | undefined;
  /** Element id prefix, for pages that show two forms. */
  id?: string;
  /** Put the cursor in the note (the order is already known: the chase queue's page). */
  focusNote?: boolean;
}

/** Error text under a field, announced and linked to it with aria-describedby. */
function FieldMessage(props: { id: string; error: string | undefined; hint?: string | undefined }) {
  if (props.error)
    return (
      <small id={props.id} class="field-error" role="alert">
        {props.error}
      </small>
    );
  return props.hint ? <small id={props.id}>{props.hint}</small> : null;
}

const described = (errors: FieldErrors | undefined, name: string, id: string, hasHint = false) =>
  errors?.[name]
    ? { 'aria-invalid': 'true' as const, 'aria-describedby': id }
    : hasHint
      ? { 'aria-describedby': id }
      : {};

function statusLabel(t: Translate, status: string): string {
  const key = `status.${status}` as Parameters<Translate>[0];
  const text = t(key);
  return text === key ? status : text;
}

export function orderLabel(t: Translate, o: OrderChoice): string {
  return `${o.ref} · ${o.customerName}${o.open ? '' : ` (${statusLabel(t, o.status)})`}`;
}

function OrderInput(props: FollowupFormProps & { inputId: string }) {
  const { t, field, values, errors, inputId } = props;
  const msgId = `${inputId}-msg`;
  if (field.kind === 'fixed') {
    return (
      <div class="field">
        <label for={inputId}>{t('field.order')}</label>
        <input id={inputId} name="orderRef" value={orderLabel(t, field.order)} readonly />
        <input type="hidden" name="orderId" value={String(field.order.id)} />
        <FieldMessage id={msgId} error={errors?.order} />
      </div>
    );
  }
  if (field.kind === 'customer' && !field.more) {
    const open = field.orders.filter((o) => o.open);
    const closed = field.orders.filter((o) => !o.open);
    const option = (o: OrderChoice) => (
      <option value={String(o.id)} selected={values.orderId === String(o.id)}>
        {orderLabel(t, o)}
      </option>
    );
    return (
      <div class="field">
        <label for={inputId}>{t('field.order')}</label>
        <select id={inputId} name="orderId" required {...described(errors, 'order', msgId)}>
          <option value="">{t('followups.order.choose')}</option>
          {open.length > 0 ? <optgroup label={t('followups.order.open')}>{open.map(option)}</optgroup> : null}
          {closed.length > 0 ? (
            <optgroup label={t('followups.order.closed')}>{closed.map(option)}</optgroup>
          ) : null}
        </select>
        <FieldMessage id={msgId} error={errors?.order} />
      </div>
    );
  }
  const listId = `${inputId}-list`;
  // A customer with more orders than a select should hold: the picker, limited to that customer.
  const pickerUrl =
    field.kind === 'customer' ? `/followups/picker?customerId=${field.customerId}` : '/followups/picker';
  return (
    <div class="field picker">
      <label for={inputId}>{t('field.order')}</label>
      <input
        id={inputId}
        name="orderRef"
        value={values.orderRef}
        required
        autocomplete="off"
        spellcheck={false}
        data-order-picker={pickerUrl}
        data-picker-none={t('followups.order.none')}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded="false"
        aria-controls={listId}
        {...described(errors, 'order', msgId, true)}
      />
      <div
        id={listId}
        role="listbox"
        class="picker-list"
        aria-label={t('followups.order.suggestions')}
        hidden
      ></div>
      <FieldMessage id={msgId} error={errors?.order} hint={t('followups.order.hint')} />
    </div>
  );
}

/** The follow-up form. Works as a plain form; followup-form.js adds the picker, presets and suggestion. */
export function FollowupForm(props: FollowupFormProps) {
  const { t, locale, values, errors } = props;
  const p = props.id ?? 'followup';
  const presetLabels = {
    '2d': t('followups.preset.2d'),
    '1w': t('followups.preset.1w'),
    '2w': t('followups.preset.2w'),
    '1m': t('followups.preset.1m'),
  } as const;
  return (
    <form method="post" action={props.action} class="followup-form" data-followup-form novalidate>
      <CsrfField csrf={props.csrf} />
      <input type="hidden" name="return" value={props.returnTo} />
      <input type="hidden" name="context" value={contextOf(props.field)} />
      {props.alert ? (
        <p role="alert" class="field-error form-alert">
          {props.alert}
        </p>
      ) : null}
      <OrderInput {...props} inputId={`${p}-order`} />
      <div class="field">
        <label for={`${p}-channel`}>{t('field.channel')}</label>
        <select id={`${p}-channel`} name="channel" {...described(errors, 'channel', `${p}-channel-msg`)}>
          {CHANNELS.map((ch) => (
            <option value={ch} selected={values.channel === ch}>
              {t(`channel.${ch}`)}
            </option>
          ))}
        </select>
        <FieldMessage id={`${p}-channel-msg`} error={errors?.channel} />
      </div>
      <div class="field">
        <label for={`${p}-note`}>{t('field.note')}</label>
        <textarea
          id={`${p}-note`}
          name="note"
          rows={3}
          maxlength={NOTE_MAX}
          autofocus={props.focusNote}
          data-note
          {...described(errors, 'note', `${p}-note-msg`)}
        >
          {values.note}
        </textarea>
        <FieldMessage id={`${p}-note-msg`} error={errors?.note} />
      </div>
      <div class="grid">
        <div class="field">
          <label for={`${p}-date`}>{t('field.date')}</label>
          <input
            id={`${p}-date`}
            type="datetime-local"
            name="doneAt"
            value={values.doneAt}
            data-done-at
            {...described(errors, 'doneAt', `${p}-date-msg`)}
          />
          <FieldMessage id={`${p}-date-msg`} error={errors?.doneAt} />
        </div>
        <div class="field">
          <label for={`${p}-next`}>{t('field.nextAt')}</label>
          <input
            id={`${p}-next`}
            type="date"
            name="nextAt"
            value={values.nextAt}
            data-next-at
            {...described(errors, 'nextAt', `${p}-next-msg`)}
          />
          <FieldMessage id={`${p}-next-msg`} error={errors?.nextAt} />
        </div>
      </div>
      <fieldset class="presets">
        <legend>{t('followups.preset.legend')}</legend>
        <label>
          <input
            type="radio"
            name="preset"
            value=""
            checked={!isNextPreset(values.preset) && values.preset !== 'note'}
          />
          {t('followups.preset.none')}
        </label>
        {NEXT_PRESETS.map((preset) => (
          <label>
            <input
              type="radio"
              name="preset"
              value={preset}
              checked={values.preset === preset}
              data-preset={preset}
            />
            {presetLabels[preset]}
          </label>
        ))}
        <label>
          <input type="radio" name="preset" value="note" checked={values.preset === 'note'} />
          {t('followups.preset.note')}
        </label>
      </fieldset>
      <p class="suggestion" id={`${p}-suggestion`} aria-live="polite" data-suggestion="/followups/next-date">
        {props.suggestion ? <Suggestion t={t} locale={locale} suggestion={props.suggestion} /> : null}
      </p>
      <button type="submit">{props.submitLabel}</button>
    </form>
  );
}

/** "The note says “dans 2 semaines”: jeudi 10 décembre. [Use this date]" */
export function Suggestion(props: { t: Translate; locale: Locale; suggestion: NoteDate }) {
  const { t, suggestion } = props;
  return (
    <>
      <span>
        {t('followups.suggest.fromNote', {
          text: suggestion.text,
          date: showDayLong(props.locale, suggestion.date),
        })}
      </span>{' '}
      <button type="button" class="secondary outline small" data-use-date={suggestion.date} hidden>
        {t('followups.suggest.use')}
      </button>
    </>
  );
}

export interface ReadForm {
  orderId: number | null;
  orderRef: string;
  channel: (typeof CHANNELS)[number];
  note: string;
  /** ISO date-time with offset, or undefined for "now". */
  doneAt: string | undefined;
  nextAt: string | null;
}

/**
 * Reads a submitted form. The Order field is the fixed order, the customer's select, or a typed ref resolved
 * among the orders the actor may see. A preset other than "Date above" gives the next date, counted from the
 * Date's day; "as the note says" reads it from the note.
 */
export async function readForm(
  core: Core,
  actor: Actor,
  t: Translate,
  form: Record<string, string>,
  field: OrderField,
): Promise<{ value: ReadForm; errors: null } | { value: null; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const zone = core.clock.zone;
  let orderId: number | null = null;
  const orderRef = (form.orderRef ?? '').trim();
  if (field.kind === 'fixed') orderId = field.order.id;
  else if (field.kind === 'customer' && !field.more) {
    const id = Number(form.orderId);
    const chosen = field.orders.find((o) => o.id === id);
    if (chosen) orderId = chosen.id;
    else errors.order = t('followups.error.orderRequired');
  } else if (!orderRef) errors.order = t('followups.error.orderRequired');
  else {
    const found = await orderByRef(core, actor, orderRef);
    // On the customer card, only that customer's orders.
    if (found && (field.kind !== 'customer' || found.customerId === field.customerId)) orderId = found.id;
    else errors.order = t('followups.error.orderUnknown', { value: orderRef });
  }

  const channel = CHANNELS.find((ch) => ch === form.channel);
  if (!channel) errors.channel = t('followups.error.channel');

  const note = (form.note ?? '').replace(/\r\n/g, '\n');
  if (note.length > NOTE_MAX)
    errors.note = t('followups.error.noteTooLong', { n: note.length, max: NOTE_MAX.toLocaleString('en') });

  let doneAt: string | undefined;
  const rawDone = (form.doneAt ?? '').trim();
  if (rawDone) {
    const parsed = fromLocalInput(rawDone, zone);
    if (parsed) doneAt = parsed;
    else errors.doneAt = t('followups.error.date');
  }
  const doneInstant = doneAt ? new Date(doneAt) : core.clock.now();
  const doneDay = dayOf(doneInstant, zone);

  let nextAt: string | null = null;
  const rawNext = (form.nextAt ?? '').trim();
  const preset = form.preset ?? '';
  if (isNextPreset(preset)) nextAt = presetDate(preset, doneDay);
  else if (preset === 'note' && !rawNext) {
    const found = dateFromNote(note, doneInstant, zone);
    if (found) nextAt = found.date;
    else errors.nextAt = t('followups.error.noteNoDate');
  } else if (rawNext) {
    if (isCalendarDate(rawNext)) nextAt = rawNext;
    else errors.nextAt = t('followups.error.nextAt');
  }
  if (nextAt && !errors.doneAt && nextAt < doneDay)
    errors.nextAt = t('followups.error.nextBeforeDone', { day: doneDay });

  if (Object.keys(errors).length > 0 || !channel) return { value: null, errors };
  return { value: { orderId, orderRef, channel, note, doneAt, nextAt }, errors: null };
}

/**
 * A service refusal as messages next to the fields, in the user's language; null when it is not about
 * the input (forbidden, not found), which the page turns into its 403/404.
 */
export function refusalMessages(
  err: unknown,
  t: Translate,
  input: { orderRef: string; note: string; doneDay: string },
): { errors: FieldErrors; alert?: string } | null {
  if (!(err instanceof AppError)) return null;
  if (err.code !== 'unprocessable' && err.code !== 'bad_request' && err.code !== 'conflict') return null;
  const errors: FieldErrors = {};
  for (const e of err.errors ?? []) {
    if (e.path === 'orderId') errors.order = t('followups.error.orderUnknown', { value: input.orderRef });
    else if (e.path === 'note')
      errors.note = t('followups.error.noteTooLong', {
        n: input.note.length,
        max: NOTE_MAX.toLocaleString('en'),
      });
    else if (e.path === 'nextAt') errors.nextAt = t('followups.error.nextBeforeDone', { day: input.doneDay });
    else if (e.path === 'doneAt') errors.doneAt = t('followups.error.date');
    else if (e.path === 'channel') errors.channel = t('followups.error.channel');
  }
  if (Object.keys(errors).length > 0) return { errors, alert: t('followups.error.notSaved') };
  return { errors, alert: t('followups.error.other', { detail: err.message }) };
}
