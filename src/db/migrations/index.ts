// The static list of migrations, in order. Names are timestamps; landed entries are frozen.
// A new migration's name must sort after the last one below (Kysely refuses one that sorts before a
// migration a database has already applied), even if that means a timestamp ahead of today's date.
import type { Migration } from 'kysely';
import * as initial from './2026-11-28T0100-initial.ts';
import * as loginAttempts from './2026-11-29T0450-login-attempts.ts';
import * as digestSends from './2026-11-29T0600-digest-sends.ts';
import * as dolibarrSync from './2026-11-29T0730-dolibarr-sync.ts';
import * as orderRefPrefixIndex from './2026-11-30T0300-order-ref-prefix-index.ts';
import * as listSortIndexes from './2026-11-30T0500-list-sort-indexes.ts';
import * as searchAndScale from './2026-12-01T0400-search-and-scale.ts';
import * as listFilterSortIndexes from './2026-12-01T0700-list-filter-sort-indexes.ts';
import * as followupChartIndexes from './2026-12-01T0800-followup-chart-indexes.ts';
import * as dueListOrderIndex from './2026-12-01T0900-due-list-order-index.ts';
import * as followupHourCounts from './2026-12-01T1000-followup-hour-counts.ts';
import * as hourCountsByChannel from './2026-12-02T0900-hour-counts-by-channel.ts';
import * as pgCountersPerStatement from './2026-12-03T0900-pg-counters-per-statement.ts';
import * as usersNameIndex from './2026-12-03T1000-users-name-index.ts';
import * as noteSortIndex from './2026-12-03T1100-note-sort-index.ts';
import * as orderDateSortIndexes from './2026-12-03T1200-order-date-sort-indexes.ts';
import * as followupNoteBacklog from './2026-12-04T0900-followup-note-backlog.ts';
import * as orderDueTotals from './2026-12-05T0900-order-due-totals.ts';
import * as followupDayCounts from './2026-12-05T1000-followup-day-counts.ts';
import * as customerFoldedName from './2026-12-05T1100-customer-folded-name.ts';
import * as dropChartIndexes from './2026-12-06T0900-drop-chart-indexes.ts';
import * as doneIndexHoldsNextDate from './2026-12-07T0900-done-index-holds-next-date.ts';
import * as customerNameIndexesHoldCode from './2026-12-08T0900-customer-name-indexes-hold-code.ts';

export const migrations: Record<string, Migration> = {
  '2026-11-28T0100-initial': initial,
  '2026-11-29T0450-login-attempts': loginAttempts,
  '2026-11-29T0600-digest-sends': digestSends,
  '2026-11-29T0730-dolibarr-sync': dolibarrSync,
  '2026-11-30T0300-order-ref-prefix-index': orderRefPrefixIndex,
  '2026-11-30T0500-list-sort-indexes': listSortIndexes,
  '2026-12-01T0400-search-and-scale': searchAndScale,
  '2026-12-01T0700-list-filter-sort-indexes': listFilterSortIndexes,
  '2026-12-01T0800-followup-chart-indexes': followupChartIndexes,
  '2026-12-01T0900-due-list-order-index': dueListOrderIndex,
  '2026-12-01T1000-followup-hour-counts': followupHourCounts,
  '2026-12-02T0900-hour-counts-by-channel': hourCountsByChannel,
  '2026-12-03T0900-pg-counters-per-statement': pgCountersPerStatement,
  '2026-12-03T1000-users-name-index': usersNameIndex,
  '2026-12-03T1100-note-sort-index': noteSortIndex,
  '2026-12-03T1200-order-date-sort-indexes': orderDateSortIndexes,
  '2026-12-04T0900-followup-note-backlog': followupNoteBacklog,
  '2026-12-05T0900-order-due-totals': orderDueTotals,
  '2026-12-05T1000-followup-day-counts': followupDayCounts,
  '2026-12-05T1100-customer-folded-name': customerFoldedName,
  '2026-12-06T0900-drop-chart-indexes': dropChartIndexes,
  '2026-12-07T0900-done-index-holds-next-date': doneIndexHoldsNextDate,
  '2026-12-08T0900-customer-name-indexes-hold-code': customerNameIndexesHoldCode,
};
