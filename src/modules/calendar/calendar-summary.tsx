// A short section for the user's account page (/me) that leads to their calendar and morning e-mail settings.
import type { Translate } from '../../web/i18n/i18n.ts';

export function CalendarSummary({ t }: { t: Translate }) {
  return (
    <section aria-labelledby="calendar-summary-heading">
      <h2 id="calendar-summary-heading">{t('calendar.menu')}</h2>
      <p>{t('calendar.summary')}</p>
      <p>
        <a href="/me/calendar">{t('calendar.open')}</a>
      </p>
    </section>
  );
}
