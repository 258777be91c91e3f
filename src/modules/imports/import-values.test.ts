import { describe, expect, it } from 'vitest';
import {
  normaliseName,
  parseChannel,
  parseDate,
  parseDateTime,
  parseDecimal,
  parseKind,
  parseOutcome,
  parseStatus,
} from './import-values.ts';

describe('cells of a French or English spreadsheet', () => {
  it('compares column names without case, accents or punctuation', () => {
    expect(normaliseName('Réf. client')).toBe('refclient');
    expect(normaliseName('Date de prochaine relance')).toBe('datedeprochainerelance');
    expect(normaliseName('E-mail')).toBe('email');
  });

  it('reads dates as dd/mm/yyyy and ISO, and refuses impossible ones', () => {
    expect(parseDate('03/11/2026')).toBe('2026-11-03');
    expect(parseDate('3/11/2026')).toBe('2026-11-03');
    expect(parseDate('03.11.2026')).toBe('2026-11-03');
    expect(parseDate('03/11/26')).toBe('2026-11-03');
    expect(parseDate('2026-11-03')).toBe('2026-11-03');
    expect(parseDate('31/11/2026')).toBeNull();
    expect(parseDate('11/31/2026')).toBeNull();
    expect(parseDate('demain')).toBeNull();
  });

  it('reads date-times in the deployment zone unless they carry an offset', () => {
    const paris = 'Europe/Paris';
    expect(parseDateTime('12/11/2026 10:30', paris)).toBe('2026-11-12T09:30:00.000Z');
    expect(parseDateTime('12/11/2026 10:30:15', paris)).toBe('2026-11-12T09:30:15.000Z');
    expect(parseDateTime('12/07/2026 10:30', paris)).toBe('2026-07-12T08:30:00.000Z');
    expect(parseDateTime('12/11/2026', paris)).toBe('2026-11-11T23:00:00.000Z');
    expect(parseDateTime('2026-11-12 10:30:00', paris)).toBe('2026-11-12T09:30:00.000Z');
    expect(parseDateTime('2026-11-12T10:30:00Z', paris)).toBe('2026-11-12T10:30:00.000Z');
    expect(parseDateTime('2026-11-12T10:30:00+02:00', paris)).toBe('2026-11-12T08:30:00.000Z');
    expect(parseDateTime('12/11/2026 25:00', paris)).toBeNull();
    // Summer time starts on 29 March 2026 at 02:00 in Paris.
    expect(parseDateTime('29/03/2026 01:30', paris)).toBe('2026-03-29T00:30:00.000Z');
    expect(parseDateTime('29/03/2026 03:30', paris)).toBe('2026-03-29T01:30:00.000Z');
    expect(parseDateTime('12/11/2026 9h05', paris)).toBe('2026-11-12T08:05:00.000Z');
  });

  it('reads French and plain amounts', () => {
    expect(parseDecimal('1 234,56')).toBe('1234.56');
    expect(parseDecimal('1\u00a0234,56')).toBe('1234.56');
    expect(parseDecimal('1\u202f234,56 €')).toBe('1234.56');
    expect(parseDecimal('1234,56')).toBe('1234.56');
    expect(parseDecimal('1.234,56')).toBe('1234.56');
    expect(parseDecimal('1234.56')).toBe('1234.56');
    expect(parseDecimal('1,234.56')).toBe('1234.56');
    expect(parseDecimal('12 500')).toBe('12500');
    expect(parseDecimal('-45,5')).toBe('-45.5');
    expect(parseDecimal('0')).toBe('0');
    expect(parseDecimal('douze')).toBeNull();
    expect(parseDecimal('1,2,3')).toBeNull();
    expect(parseDecimal('1.2,3.4')).toBeNull();
  });

  it('reads statuses in English, French and Dolibarr codes', () => {
    expect(['Brouillon', 'Validée', 'En cours', 'Livrée', 'Annulée'].map(parseStatus)).toEqual([
      'draft',
      'validated',
      'in_progress',
      'delivered',
      'cancelled',
    ]);
    expect(['0', '1', '2', '3', '-1'].map(parseStatus)).toEqual([
      'draft',
      'validated',
      'in_progress',
      'delivered',
      'cancelled',
    ]);
    expect(parseStatus('in_progress')).toBe('in_progress');
    expect(parseStatus('Expédiée')).toBeNull();
  });

  it('reads channels, outcomes and kinds in both languages', () => {
    expect(['téléphone', 'e-mail', 'courrier', 'rendez-vous', 'autre', 'AC_TEL'].map(parseChannel)).toEqual([
      'phone',
      'email',
      'letter',
      'meeting',
      'other',
      'phone',
    ]);
    expect(['Joint', 'Pas de réponse', 'Message laissé', 'Refus'].map(parseOutcome)).toEqual([
      'reached',
      'no_answer',
      'left_message',
      'refused',
    ]);
    expect(['Client', 'prospect', 'customer', '2', 'fournisseur'].map(parseKind)).toEqual([
      'customer',
      'prospect',
      'customer',
      'prospect',
      null,
    ]);
  });
});
