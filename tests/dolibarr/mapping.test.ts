// What Dolibarr 23's answers mean in Relance: addresses, amounts, days, statuses, kinds, events (no I/O).
import { describe, expect, it } from 'vitest';
import {
  agendaEventBody,
  apiRootOf,
  isSameEvent,
  mapOrder,
  mapThirdParty,
  modifiedSinceDay,
  modifiedSinceFilter,
  toDay,
  toMoney,
} from '../../src/modules/dolibarr/dolibarr.mapping.ts';
import { AppError } from '../../src/shared/errors.ts';
import { fixture, type Row } from './fake-dolibarr.ts';

describe('the Dolibarr address a user pastes', () => {
  it.each([
    ['https://erp.example.com', 'https://erp.example.com/api/index.php'],
    ['https://erp.example.com/', 'https://erp.example.com/api/index.php'],
    ['https://erp.example.com/dolibarr', 'https://erp.example.com/dolibarr/api/index.php'],
    [
      'https://erp.example.com/dolibarr/index.php?mainmenu=home',
      'https://erp.example.com/dolibarr/api/index.php',
    ],
    ['  https://erp.example.com/dolibarr/api/index.php  ', 'https://erp.example.com/dolibarr/api/index.php'],
    ['https://erp.example.com/dolibarr/api/index.php/', 'https://erp.example.com/dolibarr/api/index.php'],
    ['https://erp.example.com/api/', 'https://erp.example.com/api/index.php'],
    ['https://erp.example.com/api/index.php/status', 'https://erp.example.com/api/index.php'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/api/index.php'],
  ])('%s → %s', (input, root) => {
    expect(apiRootOf(input)).toBe(root);
  });

  it('refuses what is not an http(s) address, naming the url field', () => {
    for (const bad of ['erp.example.com', 'ftp://erp.example.com', '']) {
      let err: unknown;
      try {
        apiRootOf(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).errors?.[0]?.path).toBe('url');
    }
  });
});

describe('amounts', () => {
  it('turn 8-decimal strings into 2-decimal strings without floating point', () => {
    expect(toMoney('3620.00000000')).toBe('3620.00');
    expect(toMoney('0.00000000')).toBe('0.00');
    expect(toMoney('1234.56500000')).toBe('1234.57');
    expect(toMoney('1234.56499999')).toBe('1234.56');
    expect(toMoney('-12.34500000')).toBe('-12.35');
    expect(toMoney('-0.00100000')).toBe('0.00');
    expect(toMoney('99999999999.99900000')).toBe('100000000000.00');
    expect(toMoney('0.1')).toBe('0.10');
    expect(toMoney(42.5)).toBe('42.50');
    expect(toMoney('12,50')).toBeNull();
    expect(toMoney('')).toBeNull();
    expect(toMoney(null)).toBeNull();
  });
});

describe('dates', () => {
  it("are Unix seconds read as the calendar day in the deployment's zone", () => {
    // Order 1's date_commande: midnight in Paris, still the day before in UTC and in New York.
    expect(toDay(1792360800, 'Europe/Paris')).toBe('2026-10-19');
    expect(toDay('1792360800', 'UTC')).toBe('2026-10-18');
    expect(toDay(1792360800, 'America/New_York')).toBe('2026-10-18');
    expect(toDay('', 'Europe/Paris')).toBeNull();
    expect(toDay(null, 'Europe/Paris')).toBeNull();
  });

  it('ask for changes from the day, 14 hours before the last run, in the form Dolibarr documents', () => {
    const lastRun = Date.UTC(2026, 10, 28, 0, 12, 19) / 1000;
    expect(modifiedSinceDay(lastRun)).toBe('2026-11-27');
    expect(modifiedSinceFilter('2026-11-27')).toBe("(t.tms:>=:'20261127')");
  });
});

describe('third parties', () => {
  const recorded = fixture<Row[]>('thirdparties');

  it('become customers (client 1 and 3) with their code, contact and country', () => {
    const martin = mapThirdParty(recorded[0]);
    expect(martin).toEqual({
      ok: true,
      warnings: [],
      value: {
        externalId: '1',
        code: 'CU2611-00001',
        name: 'Boulangerie Martin SARL',
        kind: 'customer',
        email: 'contact@boulangerie-martin.example',
        phone: '+33123456789',
        town: 'Paris',
        country: 'FR',
      },
    });
    const both = mapThirdParty(recorded[2]);
    expect(both.ok && both.value.kind).toBe('customer');
  });

  it('become prospects for client 2, and are skipped when neither (client 0)', () => {
    expect(mapThirdParty({ ...recorded[0], client: '2' })).toMatchObject({
      ok: true,
      value: { kind: 'prospect' },
    });
    expect(mapThirdParty({ ...recorded[0], client: '0' })).toMatchObject({
      ok: false,
      id: '1',
      reason: expect.stringContaining('neither a customer nor a prospect'),
    });
  });

  it('keep the customer when the e-mail is broken, saying so', () => {
    const m = mapThirdParty({ ...recorded[0], email: 'not an email' });
    expect(m).toMatchObject({ ok: true, value: { email: null } });
    expect(m.ok && m.warnings[0]).toContain('not valid');
  });

  it('are refused without a name, naming the field', () => {
    expect(mapThirdParty({ ...recorded[0], name: '' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('name'),
    });
  });
});

describe('orders', () => {
  const recorded = fixture<Row[]>('orders');

  it('keep ref, customer, amount, currency, dates and the customer reference', () => {
    expect(mapOrder(recorded[1], 'Europe/Paris')).toEqual({
      ok: true,
      warnings: [],
      value: {
        externalId: '2',
        ref: 'CO2610-0001',
        socid: '1',
        status: 'validated',
        orderDate: '2026-10-29',
        deliveryDate: null,
        totalExclTax: '3620.00',
        currency: 'EUR',
        customerRef: 'CUST-PO-1002',
        modifiedEpoch: 1795821119,
      },
    });
  });

  it('map the statuses -1, 0, 1, 2, 3 to cancelled, draft, validated, in_progress, delivered', () => {
    const status = (code: string) => {
      const m = mapOrder({ ...recorded[1], statut: code, status: code }, 'Europe/Paris');
      return m.ok ? m.value.status : m.reason;
    };
    expect(['-1', '0', '1', '2', '3'].map(status)).toEqual([
      'cancelled',
      'draft',
      'validated',
      'in_progress',
      'delivered',
    ]);
    expect(status('7')).toContain('unknown status');
    const byRef = Object.fromEntries(
      recorded.map((o) => {
        const m = mapOrder(o, 'Europe/Paris');
        return [o.ref, m.ok ? m.value.status : m.reason];
      }),
    );
    expect(byRef).toEqual({
      '(PROV1)': 'draft',
      'CO2610-0001': 'validated',
      'CO2611-0002': 'delivered',
      'CO2611-0003': 'cancelled',
      'CO2611-0004': 'validated',
    });
  });

  it('take the amount in the order currency when Dolibarr gives one', () => {
    const usd = mapOrder(
      { ...recorded[1], multicurrency_code: 'USD', multicurrency_total_ht: '3900.12500000' },
      'Europe/Paris',
    );
    expect(usd).toMatchObject({ ok: true, value: { totalExclTax: '3900.13', currency: 'USD' } });
  });

  it('read a delivery date and refuse an amount that is not one', () => {
    expect(mapOrder({ ...recorded[1], delivery_date: 1796166000 }, 'Europe/Paris')).toMatchObject({
      ok: true,
      value: { deliveryDate: '2026-12-02' },
    });
    expect(
      mapOrder({ ...recorded[1], multicurrency_code: '', total_ht: 'lots' }, 'Europe/Paris'),
    ).toMatchObject({ ok: false, ref: 'CO2610-0001', reason: expect.stringContaining('total_ht') });
  });
});

describe('agenda events', () => {
  it('carry the follow-up as a done event on the order, typed by channel', () => {
    const body = agendaEventBody({
      followupId: 7,
      orderExternalId: '2',
      orderRef: 'CO2610-0001',
      channel: 'phone',
      note: 'Rappeler jeudi',
      doneAt: '2026-11-26T09:00:00.000Z',
      socid: '1',
      ownerId: 3,
    });
    expect(body).toEqual({
      type_code: 'AC_TEL',
      label: 'Relance commande CO2610-0001',
      note_private: 'Rappeler jeudi',
      datep: Date.UTC(2026, 10, 26, 9) / 1000,
      datef: Date.UTC(2026, 10, 26, 9) / 1000,
      percentage: 100,
      userownerid: 3,
      socid: 1,
      elementtype: 'order',
      fk_element: 2,
    });
    const types = (['phone', 'email', 'meeting', 'letter', 'other'] as const).map(
      (channel) =>
        agendaEventBody({
          ...{
            followupId: 1,
            orderExternalId: '2',
            orderRef: 'X',
            note: '',
            doneAt: '2026-11-26T09:00:00Z',
            socid: null,
            ownerId: 1,
          },
          channel,
        }).type_code,
    );
    expect(types).toEqual(['AC_TEL', 'AC_EMAIL', 'AC_RDV', 'AC_OTH', 'AC_OTH']);
  });

  it('are recognised again in a GET answer (elementid, strings for numbers)', () => {
    const body = agendaEventBody({
      followupId: 7,
      orderExternalId: '2',
      orderRef: 'CO2610-0001',
      channel: 'phone',
      note: 'Client injoignable, rappeler jeudi matin.',
      doneAt: new Date(1795565533 * 1000).toISOString(),
      socid: '1',
      ownerId: 1,
    });
    const recorded = { ...fixture<Row>('agendaevents_11'), label: 'Relance commande CO2610-0001' };
    expect(isSameEvent(recorded, body)).toBe(true);
    expect(isSameEvent({ ...recorded, datep: 1795565534 }, body)).toBe(false);
  });
});
