// The columns each import understands, by their English or French names, and the matching of a file's
// header to them. Names are compared without case, accents, spaces or punctuation ("Réf. client" = "refclient").
import { restoreNeutralised } from '../exports/csv-write.ts';
import { normaliseName } from './import-values.ts';

export const IMPORT_KINDS = ['customers', 'orders', 'followups'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

interface ColumnSpec {
  /** Names a header may use; the first is the canonical English name. */
  names: string[];
  required?: boolean;
}

const customerColumns = {
  code: { names: ['code', 'Code client', 'customerCode', 'Client code', 'Code'] },
  name: {
    names: ['name', 'Nom', 'Raison sociale', 'Nom du tiers', 'Tiers', 'Société', 'Company', 'Customer name'],
    required: true,
  },
  kind: { names: ['kind', 'Type', 'Nature', 'Type de tiers'] },
  email: { names: ['email', 'E-mail', 'Courriel', 'Mail', 'Adresse e-mail', 'Email address'] },
  phone: { names: ['phone', 'Téléphone', 'Tél', 'Tel', 'Phone number'] },
  town: { names: ['town', 'Ville', 'City'] },
  country: { names: ['country', 'Pays', 'Code pays', 'Country code'] },
  salesRep: { names: ['salesRep', 'Commercial', 'Sales rep', 'Sales representative', 'Représentant'] },
  externalId: { names: ['externalId', 'Id externe', 'External id'] },
} satisfies Record<string, ColumnSpec>;

const orderColumns = {
  ref: {
    names: ['ref', 'Réf', 'Référence', 'Réf commande', 'Référence commande', 'Order ref', 'Order'],
    required: true,
  },
  customerCode: { names: ['customerCode', 'Code client', 'Customer code'] },
  customer: { names: ['customer', 'Client', 'Nom client', 'Tiers', 'Raison sociale', 'Customer name'] },
  status: { names: ['status', 'Statut', 'État', 'Etat'] },
  orderDate: { names: ['orderDate', 'Date commande', 'Date de commande', 'Order date', 'Date'] },
  deliveryDate: {
    names: [
      'deliveryDate',
      'Date livraison',
      'Date de livraison',
      'Date de livraison prévue',
      'Delivery date',
    ],
  },
  totalExclTax: {
    names: ['totalExclTax', 'Montant HT', 'Total HT', 'Montant', 'Total hors taxes', 'Amount excl. tax'],
  },
  currency: { names: ['currency', 'Devise'] },
  customerRef: { names: ['customerRef', 'Réf client', 'Référence client', 'Customer ref'] },
  externalId: { names: ['externalId', 'Id externe', 'External id'] },
} satisfies Record<string, ColumnSpec>;

const followupColumns = {
  orderRef: { names: ['orderRef', 'Commande', 'Réf commande', 'Order', 'Order ref'], required: true },
  channel: { names: ['channel', 'Canal'] },
  note: { names: ['note', 'Note', 'Notes', 'Commentaire', 'Comment'] },
  doneAt: { names: ['doneAt', 'Date', 'Date de la relance', 'Date relance', 'Done at'], required: true },
  nextAt: {
    names: [
      'nextAt',
      'Date de prochaine relance',
      'Date prochaine relance',
      'Prochaine relance',
      'Next follow-up date',
      'Next follow-up',
    ],
  },
  user: { names: ['user', 'Utilisateur', 'Login', 'Auteur', 'User login'] },
  assignee: { names: ['assignee', 'Assigné à', 'Responsable', 'Assignee login'] },
  outcome: { names: ['outcome', 'Résultat', 'Result'] },
} satisfies Record<string, ColumnSpec>;

export type CustomerField = keyof typeof customerColumns;
export type OrderField = keyof typeof orderColumns;
export type FollowupField = keyof typeof followupColumns;

/**
 * Columns that Relance's own exports write for reading only (ids, names, follow-up summaries): an export
 * can be imported back, and these are skipped rather than refused as unknown.
 */
const informational: Record<ImportKind, string[]> = {
  customers: ['Id', 'Créé le', 'Created at', 'Modifié le', 'Updated at'],
  orders: [
    'Id',
    'Dernière relance',
    'Last follow-up',
    'Prochaine relance',
    'Next follow-up',
    'Relances',
    'Follow-ups',
    'Assigné à',
    'Assignee',
    'Dernière note',
    'Last note',
  ],
  followups: ['Id', 'Client', 'Customer', 'Créée le', 'Created at'],
};

export const COLUMNS: Record<ImportKind, Record<string, ColumnSpec>> = {
  customers: customerColumns,
  orders: orderColumns,
  followups: followupColumns,
};

export interface HeaderProblem {
  column: string;
  code: 'unknown_header' | 'duplicate_header' | 'missing_column';
  message: string;
  params: Record<string, string>;
}

export interface HeaderMap<F extends string> {
  /** Cell index of each field the file has. */
  index: Partial<Record<F, number>>;
  /** The header as the file writes it, to name the column in messages. */
  label: Partial<Record<F, string>>;
  problems: HeaderProblem[];
}

/** Matches a header row to the fields of an import; unknown, doubled and missing required columns are problems. */
export function mapHeader<F extends string>(kind: ImportKind, header: string[]): HeaderMap<F> {
  const specs = COLUMNS[kind] as Record<F, ColumnSpec>;
  const byName = new Map<string, F>();
  for (const [field, spec] of Object.entries(specs) as [F, ColumnSpec][])
    for (const n of spec.names) if (!byName.has(normaliseName(n))) byName.set(normaliseName(n), field);
  const skipped = new Set(informational[kind].map(normaliseName));
  const index: Partial<Record<F, number>> = {};
  const label: Partial<Record<F, string>> = {};
  const problems: HeaderProblem[] = [];
  header.forEach((h, i) => {
    const key = normaliseName(h);
    if (!key) return;
    const field = byName.get(key);
    if (field === undefined) {
      if (skipped.has(key)) return;
      const known = Object.values(specs as Record<string, ColumnSpec>).map((s) => s.names[1] ?? s.names[0]);
      problems.push({
        column: h,
        code: 'unknown_header',
        message: `Unknown column "${h}"; the columns of a ${kind} file are ${known.join(', ')}`,
        params: { column: h, known: known.join(', ') },
      });
      return;
    }
    if (index[field] !== undefined) {
      problems.push({
        column: h,
        code: 'duplicate_header',
        message: `Column "${h}" appears twice (also as "${label[field]}")`,
        params: { column: h, other: label[field] ?? '' },
      });
      return;
    }
    index[field] = i;
    label[field] = h;
  });
  for (const [field, spec] of Object.entries(specs) as [F, ColumnSpec][]) {
    if (spec.required && index[field] === undefined) {
      const name = spec.names[1] ?? spec.names[0] ?? field;
      problems.push({
        column: name,
        code: 'missing_column',
        message: `Required column "${name}" (or "${spec.names[0]}") is missing`,
        params: { column: name, english: spec.names[0] ?? field },
      });
    }
  }
  return { index, label, problems };
}

/**
 * The cells of one row by field, trimmed; absent columns are undefined, empty cells ''. A text that an export
 * protected from running as a formula ('=…) gets its apostrophe back off.
 */
export function cellsOf<F extends string>(map: HeaderMap<F>, cells: string[]): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const [field, i] of Object.entries(map.index) as [F, number][])
    out[field] = restoreNeutralised((cells[i] ?? '').trim());
  return out;
}
