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
