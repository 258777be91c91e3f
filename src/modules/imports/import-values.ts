// Reading one spreadsheet cell: French and ISO dates, French and plain decimals, and the French or English
// (or Dolibarr-coded) names of statuses, channels, outcomes and customer kinds. Pure functions.
import { DateTime } from 'luxon';
import type { CustomerKind } from '../../db/schema/customers.table.ts';
import type { Channel, Outcome } from '../../db/schema/followups.table.ts';
import type { OrderStatus } from '../../db/schema/orders.table.ts';
import { DOLIBARR_STATUS } from '../orders/order.schemas.ts';

/** Lower case, accents and every non-alphanumeric character removed: "Réf. client" → "refclient". */
export function normaliseName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

// dd/mm/yyyy (or - or . between), optionally followed by hh:mm or hh:mm:ss. Parsed by hand: luxon's
// fromFormat costs ~100 µs a call, too much for 10,000-line files.
const FRENCH = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  hasTime: boolean;
}

function frenchParts(text: string): Parts | null {
  const m = FRENCH.exec(text);
  if (!m) return null;
  const y = Number(m[3]);
  return {
    day: Number(m[1]),
    month: Number(m[2]),
    // Two-digit years are this century's, as spreadsheets show them.
    year: m[3]?.length === 2 ? 2000 + y : y,
    hour: m[4] === undefined ? 0 : Number(m[4]),
    minute: m[5] === undefined ? 0 : Number(m[5]),
    second: m[6] === undefined ? 0 : Number(m[6]),
    hasTime: m[4] !== undefined,
  };
}

function isoDay(p: Pick<Parts, 'year' | 'month' | 'day'>): string | null {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day));
  if (d.getUTCFullYear() !== p.year || d.getUTCMonth() !== p.month - 1 || d.getUTCDate() !== p.day)
    return null;
  return d.toISOString().slice(0, 10);
}

/** A calendar date: dd/mm/yyyy (and -, . separators, two-digit years) or ISO yyyy-mm-dd. Null when invalid. */
export function parseDate(raw: string): string | null {
  const text = raw.trim();
  const iso = ISO_DATE.exec(text);
  if (iso) return isoDay({ year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) });
  const p = frenchParts(text);
  return p && !p.hasTime ? isoDay(p) : null;
}

/**
 * A date-time as a UTC ISO instant. Accepts ISO 8601 (with an offset, or without one: then local to
 * `zone`), "yyyy-mm-dd hh:mm[:ss]", French "dd/mm/yyyy hh:mm[:ss]", or a bare date (midnight in `zone`).
 */
export function parseDateTime(raw: string, zone: string): string | null {
  const text = raw.trim();
  if (!text) return null;
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/.test(text)) {
    const d = DateTime.fromISO(text.replace(' ', 'T'), { zone, setZone: true });
    return d.isValid ? d.toUTC().toISO() : null;
  }
  const p = frenchParts(text);
  if (!p || !isoDay(p)) return null;
  const hour = p.hour ?? 0;
  const minute = p.minute ?? 0;
  const second = p.second ?? 0;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offset = zoneOffset(zone, p.year, p.month, p.day, hour);
  return new Date(Date.UTC(p.year, p.month - 1, p.day, hour, minute, second) - offset * 60_000).toISOString();
}

// The zone's UTC offset (minutes) at a wall-clock hour, cached: time-zone arithmetic through Intl is slow,
// and a file's dates repeat.
const offsets = new Map<string, number>();
function zoneOffset(zone: string, year: number, month: number, day: number, hour: number): number {
  const key = `${zone}|${year}-${month}-${day}-${hour}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = DateTime.fromObject({ year, month, day, hour }, { zone }).offset;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * A decimal number as a plain string ("1234.56"). Accepts French "1 234,56" (spaces, no-break spaces or
 * apostrophes as thousands separators), "1234,56", "1.234,56", and plain "1234.56" or "1,234.56".
 * A currency sign is ignored. Null when it is not a number.
 */
export function parseDecimal(raw: string): string | null {
  let text = raw.replace(/[\s\u00a0\u202f'’€$£]/g, '').replace(/^\((.*)\)$/, '-$1');
  if (text.startsWith('+')) text = text.slice(1);
  if (!/^-?[\d.,]+$/.test(text) || !/\d/.test(text)) return null;
  const lastComma = text.lastIndexOf(',');
  const lastDot = text.lastIndexOf('.');
  const commas = text.split(',').length - 1;
  const dots = text.split('.').length - 1;
  let decimalSep: ',' | '.' | null = null;
  if (commas && dots) decimalSep = lastComma > lastDot ? ',' : '.';
  else if (commas === 1) decimalSep = ',';
  else if (dots === 1) decimalSep = '.';
  const thousandsSep = decimalSep === ',' ? '.' : decimalSep === '.' ? ',' : commas ? ',' : '.';
  const [intPart, fraction, ...rest] = (decimalSep ? text.split(decimalSep) : [text]) as string[];
  if (rest.length) return null;
  const digits = (intPart ?? '').split(thousandsSep);
  // Thousands groups must have three digits, so that "1,5,3" is refused rather than guessed.
  if (digits.length > 1 && digits.slice(1).some((g) => g.length !== 3)) return null;
  const integer = digits.join('');
  if (!/^-?\d+$/.test(integer) || (fraction !== undefined && !/^\d+$/.test(fraction))) return null;
  const n = `${integer.replace(/^(-?)0+(?=\d)/, '$1')}${fraction !== undefined ? `.${fraction}` : ''}`;
  return n === '-0' ? '0' : n;
}

function lookup<T extends string>(table: Record<string, T>, raw: string): T | null {
  const key = normaliseName(raw);
  return Object.hasOwn(table, key) ? (table[key] as T) : null;
}

const STATUS_NAMES: Record<string, OrderStatus> = {
  draft: 'draft',
  brouillon: 'draft',
  brouillonavalider: 'draft',
  validated: 'validated',
  validee: 'validated',
  valide: 'validated',
  inprogress: 'in_progress',
  encours: 'in_progress',
  envoiencours: 'in_progress',
  encoursdelivraison: 'in_progress',
  expeditionencours: 'in_progress',
  livraisonencours: 'in_progress',
  shipmentinprogress: 'in_progress',
  delivered: 'delivered',
  livree: 'delivered',
  delivree: 'delivered',
  traitee: 'delivered',
  closed: 'delivered',
  cloturee: 'delivered',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  annulee: 'cancelled',
};

/** English names, French names (Brouillon, Validée, En cours, Livrée, Annulée) or Dolibarr codes -1..3. */
export function parseStatus(raw: string): OrderStatus | null {
  const code = raw.trim();
  if (Object.hasOwn(DOLIBARR_STATUS, code)) return DOLIBARR_STATUS[code] ?? null;
  return lookup(STATUS_NAMES, raw);
}

const CHANNEL_NAMES: Record<string, Channel> = {
  phone: 'phone',
  telephone: 'phone',
  tel: 'phone',
  appel: 'phone',
  call: 'phone',
  actel: 'phone',
  email: 'email',
  mail: 'email',
  courriel: 'email',
  acemail: 'email',
  letter: 'letter',
  courrier: 'letter',
  lettre: 'letter',
  post: 'letter',
  meeting: 'meeting',
  rendezvous: 'meeting',
  rdv: 'meeting',
  reunion: 'meeting',
  visite: 'meeting',
  acrdv: 'meeting',
  other: 'other',
  autre: 'other',
  acoth: 'other',
};

/** phone, email, letter, meeting, other, their French names, or Dolibarr's AC_TEL, AC_EMAIL, AC_RDV, AC_OTH. */
export function parseChannel(raw: string): Channel | null {
  return lookup(CHANNEL_NAMES, raw);
}

const OUTCOME_NAMES: Record<string, Outcome> = {
  reached: 'reached',
  joint: 'reached',
  atteint: 'reached',
  noanswer: 'no_answer',
  pasdereponse: 'no_answer',
  sansreponse: 'no_answer',
  leftmessage: 'left_message',
  leftamessage: 'left_message',
  messagelaisse: 'left_message',
  messagerie: 'left_message',
  refused: 'refused',
  refus: 'refused',
  refuse: 'refused',
};

export function parseOutcome(raw: string): Outcome | null {
  return lookup(OUTCOME_NAMES, raw);
}

const KIND_NAMES: Record<string, CustomerKind> = {
  customer: 'customer',
  client: 'customer',
  clientprospect: 'customer',
  '1': 'customer',
  '3': 'customer',
  prospect: 'prospect',
  '2': 'prospect',
};

/** customer/client, prospect, or Dolibarr's client code (1 customer, 2 prospect, 3 both: customer). */
export function parseKind(raw: string): CustomerKind | null {
  return lookup(KIND_NAMES, raw);
}
