import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { translator } from './i18n.ts';

describe('the catalogues', () => {
  it('have the same keys in French and English, none empty', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(fr)) expect(v, k).not.toBe('');
  });

  it('carry the exact labels of SPEC §5', () => {
    const t = translator('fr');
    expect([
      t('menu.followups'),
      t('field.nextAt'),
      t('button.add'),
      t('col.nextAt'),
      t('dashboard.box'),
    ]).toEqual([
      'Relance commandes',
      'Date de prochaine relance',
      'Ajouter',
      'Date prochaine relance',
      'Commandes à relancer',
    ]);
    expect(translator('en')('col.nextAt')).toBe('Next follow-up');
  });
});

describe('the translator', () => {
  it('fills placeholders by name, however often and wherever they stand, and leaves unknown ones', () => {
    const en = translator('en');
    expect(en('followups.edit.link', { id: 42 })).toBe('Edit follow-up 42');
    expect(en('followups.edit.link', { id: 7 })).toBe('Edit follow-up 7');
    expect(translator('fr')('followups.edit.link', { id: 3 })).toBe('Modifier la relance 3');
    expect(en('queue.count', { n: 0 })).toBe('0 to chase');
    expect(en('import.done', { created: 1, updated: 2, unchanged: 3 })).toBe(
      '1 created, 2 updated, 3 unchanged.',
    );
    expect(en('import.done', { created: 1 })).toBe('1 created, {updated} updated, {unchanged} unchanged.');
    expect(en('import.done')).toBe('{created} created, {updated} updated, {unchanged} unchanged.');
  });
});
