// The English/Français link in the menu: it shows the same page in the other language, with the list's
// filters, sort and page kept. (The people of the page tests read in English by default.)
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../setup/test-database.ts';
import { pageTeam } from './page-team.ts';
import { links } from './pages-session.ts';

/** The menu's language link: the one whose text is the other language's name. */
function languageLink(html: string, name: 'English' | 'Français'): string | undefined {
  const m = new RegExp(`<a href="([^"]*)" lang="(?:en|fr)">${name}</a>`).exec(html);
  return m?.[1]?.replace(/&amp;/g, '&');
}

describeEachDialect('language switch', (dialect) => {
  const { as } = pageTeam(dialect);

  describe('on a filtered, sorted list', () => {
    it('keeps the filters and the sort, and the page comes back in French, then in English again', async () => {
      // Manon reads in English (her account's language).
      const english = await as.manager.get('/followups?channel=phone&sort=-doneAt');
      expect(english.status).toBe(200);
      expect(english.html).toContain('<html lang="en">');
      const toFrench = languageLink(english.html, 'Français');
      expect(toFrench).toBe('/followups?channel=phone&sort=-doneAt&lang=fr');

      const french = await as.manager.get(toFrench as string);
      expect(french.html).toContain('<html lang="fr">');
      expect(french.html).toMatch(/<option value="phone" selected="">/);
      expect(languageLink(french.html, 'English')).toBe('/followups?channel=phone&sort=-doneAt&lang=en');
    });
  });

  it('on a page without a query, links to the same path in the other language', async () => {
    const dashboard = await as.alice.get('/');
    expect(languageLink(dashboard.html, 'Français')).toBe('/?lang=fr');
    expect(links(dashboard.html)).toContain('/?lang=fr');
  });
});
