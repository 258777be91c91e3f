// Building blocks of every list page: sortable column headers, the pager, and URLs that keep the filters.
import type { Child } from 'hono/jsx';
import type { Translate } from '../i18n/i18n.ts';

/** The current query string with some parameters changed (null removes one); the cursor is always reset. */
export function withParams(search: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(search);
  next.delete('cursor');
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') next.delete(k);
    else next.set(k, v);
  }
  const s = next.toString();
  return s ? `?${s}` : '?';
}

export interface SortState {
  /** The active sort token, e.g. `-doneAt`. */
  sort: string;
  search: URLSearchParams;
}

/** A column header that sorts on `field`: first click ascending (or `firstDesc`), next click reverses. */
export function SortHeader(props: { label: string; field: string; state: SortState; firstDesc?: boolean }) {
  const { sort, search } = props.state;
  const active = sort === props.field || sort === `-${props.field}`;
  const desc = sort.startsWith('-');
  const nextToken = active
    ? desc
      ? props.field
      : `-${props.field}`
    : props.firstDesc
      ? `-${props.field}`
      : props.field;
  const ariaSort = active ? (desc ? 'descending' : 'ascending') : 'none';
  return (
    <th scope="col" aria-sort={ariaSort}>
      <a href={withParams(search, { sort: nextToken })}>
        {props.label}
        {active ? (desc ? ' ▼' : ' ▲') : ''}
      </a>
    </th>
  );
}

/** "Next page" by cursor, and "First page" once the user has paged on. */
export function Pager(props: { t: Translate; search: URLSearchParams; nextCursor: string | null }) {
  const onLaterPage = props.search.has('cursor');
  if (!props.nextCursor && !onLaterPage) return null;
  const next = new URLSearchParams(props.search);
  if (props.nextCursor) next.set('cursor', props.nextCursor);
  return (
    <nav aria-label="pagination" class="pager">
      {onLaterPage ? <a href={withParams(props.search, {})}>{props.t('list.first')}</a> : null}
      {props.nextCursor ? (
        <a href={`?${next.toString()}`} rel="next">
          {props.t('list.next')}
        </a>
      ) : null}
    </nav>
  );
}

export function EmptyRow(props: { colspan: number; children?: Child }) {
  return (
    <tr>
      <td colspan={props.colspan}>{props.children}</td>
    </tr>
  );
}
