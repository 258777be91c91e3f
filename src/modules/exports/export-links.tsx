// "Download CSV / JSON" links under a list, carrying the list's filters and sort (never its cursor).
import type { Translate } from '../../web/i18n/i18n.ts';

export function ExportLinks(props: { t: Translate; base: '/followups' | '/orders'; query: URLSearchParams }) {
  const q = new URLSearchParams(props.query);
  for (const k of ['cursor', 'limit', 'lang', 'saved']) q.delete(k);
  const s = q.toString() ? `?${q.toString()}` : '';
  return (
    <p class="export-links">
      <a href={`${props.base}/export.csv${s}`} download>
        {props.t('export.downloadCsv')}
      </a>
      {' · '}
      <a href={`${props.base}/export.json${s}`} download>
        {props.t('export.downloadJson')}
      </a>
    </p>
  );
}
