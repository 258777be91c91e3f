// The morning digest as an e-mail: subject, plain text and HTML, in the user's language.
import type { Locale } from '../../db/schema/users.table.ts';
import { translator } from '../../web/i18n/i18n.ts';
import { formatDay } from '../calendar/links.ts';

export interface DigestItem {
  orderId: number;
  ref: string;
  customerName: string;
  nextAt: string;
  note: string;
  link: string;
}

export interface DigestContent {
  name: string;
  locale: Locale;
  day: string;
  overdue: DigestItem[];
  overdueCount: number;
  today: DigestItem[];
  todayCount: number;
  /** Where to see everything when the lists are cut. */
  allLink: string;
  /** Where to stop the e-mail. */
  settingsLink: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Notes can be long: the e-mail shows the start of the first lines. */
const NOTE_CHARS = 280;
const shortNote = (note: string) => {
  const flat = note.trim().replace(/\s+/g, ' ');
  return flat.length > NOTE_CHARS ? `${flat.slice(0, NOTE_CHARS - 1)}…` : flat;
};

export async function renderDigest(d: DigestContent): Promise<RenderedMail> {
  const t = translator(d.locale);
  const date = formatDay(d.day, d.locale);
  const subject = t('digest.subject', { date, overdue: d.overdueCount, today: d.todayCount });
  const sections = [
    {
      title: t('digest.overdue', { count: d.overdueCount }),
      items: d.overdue,
      total: d.overdueCount,
      late: true,
    },
    { title: t('digest.today', { count: d.todayCount }), items: d.today, total: d.todayCount, late: false },
  ].filter((s) => s.total > 0);

  const text = [
    t('digest.greeting', { name: d.name }),
    '',
    t('digest.lead', { date }),
    ...sections.flatMap((s) => [
      '',
      s.title,
      '-'.repeat(s.title.length),
      ...s.items.flatMap((i) => [
        `* ${i.ref} · ${i.customerName}${s.late ? ` (${t('digest.plannedFor', { date: formatDay(i.nextAt, d.locale) })})` : ''}`,
        `  ${i.note.trim() ? shortNote(i.note) : t('digest.noNote')}`,
        `  ${i.link}`,
      ]),
      ...(s.total > s.items.length
        ? [`${t('digest.more', { count: s.total - s.items.length })} ${t('digest.seeAll')}: ${d.allLink}`]
        : []),
    ]),
    '',
    '-- ',
    `${t('digest.footer')} ${d.settingsLink}`,
    '',
  ].join('\n');

  const body = (
    <html lang={d.locale}>
      <head>
        <meta charset="utf-8" />
        <title>{subject}</title>
      </head>
      <body style="font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; color: #1f2933; line-height: 1.45; max-width: 40em;">
        <p>{t('digest.greeting', { name: d.name })}</p>
        <p>{t('digest.lead', { date })}</p>
        {sections.map((s) => (
          <section>
            <h2 style={`font-size: 1.1em; margin: 1.2em 0 0.4em; color: ${s.late ? '#b42318' : '#1f2933'};`}>
              {s.title}
            </h2>
            <ul style="padding-left: 1.2em; margin: 0;">
              {s.items.map((i) => (
                <li style="margin-bottom: 0.6em;">
                  <a href={i.link} style="font-weight: 600;">
                    {i.ref}
                  </a>{' '}
                  · {i.customerName}
                  {s.late ? (
                    <span style="color: #b42318;">
                      {' '}
                      ({t('digest.plannedFor', { date: formatDay(i.nextAt, d.locale) })})
                    </span>
                  ) : null}
                  <br />
                  <span style="color: #52606d;">
                    {i.note.trim() ? shortNote(i.note) : t('digest.noNote')}
                  </span>
                </li>
              ))}
            </ul>
            {s.total > s.items.length ? (
              <p>
                {t('digest.more', { count: s.total - s.items.length })}{' '}
                <a href={d.allLink}>{t('digest.seeAll')}</a>
              </p>
            ) : null}
          </section>
        ))}
        <hr style="border: none; border-top: 1px solid #d9e2ec; margin-top: 2em;" />
        <p style="font-size: 0.85em; color: #52606d;">
          {t('digest.footer')} <a href={d.settingsLink}>{d.settingsLink}</a>
        </p>
      </body>
    </html>
  );
  const html = `<!DOCTYPE html>${await body.toString()}`;
  return { subject, text, html };
}
