// /admin/users for administrators (create, role, deactivate, reset password, the "sales see all customers"
// setting), refused to every other role; and /me, where each user picks their language.
import { describe, expect, it } from 'vitest';
import { customer } from '../setup/fixtures.ts';
import { describeEachDialect } from '../setup/test-database.ts';
import { pageTeam } from './page-team.ts';
import { fieldError, headers, inputValue, links, logIn, textOf } from './pages-session.ts';

describeEachDialect('admin and account pages', (dialect) => {
  const team = pageTeam(dialect, async ({ ctx, people }) => {
    await customer(ctx, 'Boulangerie Alice', people.alice.user.id);
    await customer(ctx, 'Garage Bob', people.bob.user.id);
  });
  const { people, as } = team;

  const loginStatus = async (login: string, password: string) =>
    (
      await team.app.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ login, password, next: '/' }).toString(),
      })
    ).status;

  /** The password shown once on the page. */
  const shownPassword = (html: string) => /<p class="once-secret">([^<]+)<\/p>/.exec(html)?.[1] ?? null;

  describe('/admin/users', () => {
    it('lists the accounts for an admin, in English and in French', async () => {
      const en = await as.admin.get('/admin/users');
      expect(en.status).toBe(200);
      expect(headers(en.html)).toEqual(['Login', 'Name', 'E-mail', 'Role', 'Language', 'State', 'Actions']);
      const text = textOf(en.html);
      for (const name of ['Ada Admin', 'Manon Manager', 'Alice Vendeuse', 'Bob Vendeur', 'Victor Viewer'])
        expect(text).toContain(name);
      expect(text).toContain('Sales see all customers');
      expect(en.html).toContain('<div class="table-wrap">');
      const fr = await as.admin.get('/admin/users?lang=fr');
      expect(headers(fr.html)).toEqual(['Identifiant', 'Nom', 'E-mail', 'Rôle', 'Langue', 'État', 'Actions']);
      expect(textOf(fr.html)).toContain('Les commerciaux voient tous les clients');
      // Every select of the row actions has a label, even if only for screen readers.
      expect(fr.html).toContain('<span class="visually-hidden">Rôle de Bob Vendeur</span>');
    });

    it('is refused (403) to managers, sales and viewers, and hidden from their menu', async () => {
      for (const v of [as.manager, as.alice, as.viewer]) {
        const page = await v.get('/admin/users');
        expect(page.status, v.login).toBe(403);
        expect(textOf(page.html)).toContain('You are not allowed to do this.');
        expect(links(page.html)).not.toContain('/admin/users');
        const posts = [
          v.post('/admin/users', {
            login: 'intruder',
            name: 'Intruder',
            role: 'admin',
            locale: 'en',
            password: '',
          }),
          v.post(`/admin/users/${people.bob.user.id}/role`, { role: 'admin' }),
          v.post(`/admin/users/${people.bob.user.id}/active`, { active: 'false' }),
          v.post(`/admin/users/${people.bob.user.id}/password`, {}),
          v.post('/admin/settings', { salesSeeAll: 'true' }),
        ];
        for (const res of await Promise.all(posts)) expect(res.status).toBe(403);
      }
      expect(textOf((await as.admin.get('/admin/users')).html)).not.toContain('intruder');
      expect(links((await as.admin.get('/')).html)).toContain('/admin/users');
    });

    it('creates a user with a chosen password, who can then log in', async () => {
      const page = await as.admin.post('/admin/users', {
        login: 'paul',
        name: 'Paul Nouveau',
        email: 'paul@example.com',
        role: 'sales',
        locale: 'fr',
        password: 'paul-secret-1',
      });
      expect(page.status).toBe(200);
      expect(textOf(page.html)).toContain('Account paul created.');
      expect(shownPassword(page.html)).toBeNull();
      expect(await loginStatus('paul', 'paul-secret-1')).toBe(303);
      const paul = await logIn(team.app, 'paul', 'paul-secret-1');
      expect((await paul.get('/')).html).toContain('<html lang="fr">');
    });

    it('generates a password when none is given and shows it once', async () => {
      const page = await as.admin.post('/admin/users', {
        login: 'gen',
        name: 'Généré',
        email: '',
        role: 'viewer',
        locale: 'en',
        password: '',
      });
      const password = shownPassword(page.html);
      expect(password).toMatch(/^[\w-]{16}$/);
      expect(textOf(page.html)).toContain('New password for gen, shown only once');
      expect(await loginStatus('gen', password ?? '')).toBe(303);
      expect(shownPassword((await as.admin.get('/admin/users')).html)).toBeNull();
    });

    it('keeps the input and explains bad fields; a taken login is a 409', async () => {
      const bad = await as.admin.post('/admin/users', {
        login: 'x',
        name: '',
        email: 'nope',
        role: 'sales',
        locale: 'en',
        password: 'short',
      });
      expect(bad.status).toBe(422);
      expect(fieldError(bad.html, 'login')).toBe('2 to 60 letters, digits or . _ @ -');
      expect(fieldError(bad.html, 'name')).toBe('Enter a name of 1 to 120 characters.');
      expect(inputValue(bad.html, 'login')).toBe('x');
      expect(inputValue(bad.html, 'email')).toBe('nope');
      expect(inputValue(bad.html, 'password')).toBe('');
      const taken = await as.admin.post('/admin/users?lang=fr', {
        login: 'alice',
        name: 'Autre Alice',
        email: '',
        role: 'sales',
        locale: 'fr',
        password: '',
      });
      expect(taken.status).toBe(409);
      expect(fieldError(taken.html, 'login')).toBe('Cet identifiant est déjà pris.');
      expect(inputValue(taken.html, 'name')).toBe('Autre Alice');
    });

    it('refuses a create form without its CSRF token, keeping the input', async () => {
      const page = await as.admin.post(
        '/admin/users',
        { login: 'nocsrf', name: 'No Token', email: '', role: 'sales', locale: 'en', password: '' },
        { csrf: '' },
      );
      expect(page.status).toBe(403);
      expect(textOf(page.html)).toContain('Your session form expired');
      expect(inputValue(page.html, 'login')).toBe('nocsrf');
      expect(await loginStatus('nocsrf', 'anything-at-all')).toBe(401);
    });

    it('changes a role, which takes effect on the next page', async () => {
      expect((await as.alice.get('/orders/new')).status).toBe(403);
      const page = await as.admin.post(`/admin/users/${people.alice.user.id}/role`, { role: 'manager' });
      expect(page.status).toBe(200);
      expect(textOf(page.html)).toContain('alice: Manager');
      expect((await as.alice.get('/orders/new')).status).toBe(200);
      await as.admin.post(`/admin/users/${people.alice.user.id}/role`, { role: 'sales' });
      expect((await as.alice.get('/orders/new')).status).toBe(403);
    });

    it('never leaves the installation without an active administrator', async () => {
      const page = await as.admin.post(`/admin/users/${people.admin.user.id}/role`, { role: 'viewer' });
      expect(page.status).toBe(409);
      expect(textOf(page.html)).toContain('This is the last active administrator');
      const self = await as.admin.post(`/admin/users/${people.admin.user.id}/active`, { active: 'false' });
      expect(self.status).toBe(409);
      expect(textOf(self.html)).toContain('You cannot deactivate your own account.');
      expect((await as.admin.get('/admin/users')).status).toBe(200);
    });

    it('deactivates a user, ending their session at once, and reactivates them', async () => {
      const bob = await logIn(team.app, 'bob');
      expect((await bob.get('/orders')).status).toBe(200);
      const page = await as.admin.post(`/admin/users/${people.bob.user.id}/active`, { active: 'false' });
      expect(page.status).toBe(200);
      expect(textOf(page.html)).toContain('bob: Deactivated');
      const after = await bob.get('/orders');
      expect(after.status).toBe(303);
      expect(after.location).toContain('/login');
      expect(await loginStatus('bob', 'password-123')).toBe(401);
      await as.admin.post(`/admin/users/${people.bob.user.id}/active`, { active: 'true' });
      expect(await loginStatus('bob', 'password-123')).toBe(303);
    });

    it('resets a password: shown once, the old one stops working, and their sessions end', async () => {
      const victorAgain = await logIn(team.app, 'victor');
      const page = await as.admin.post(`/admin/users/${people.viewer.user.id}/password`, {});
      expect(page.status).toBe(200);
      const password = shownPassword(page.html);
      expect(password).toMatch(/^[\w-]{16}$/);
      expect(textOf(page.html)).toContain('New password for victor');
      expect((await victorAgain.get('/')).status).toBe(303);
      expect(await loginStatus('victor', 'password-123')).toBe(401);
      expect(await loginStatus('victor', password ?? '')).toBe(303);
      as.viewer = await logIn(team.app, 'victor', password ?? '');
    });

    it('turns "sales see all customers" on and off', async () => {
      const before = textOf((await as.alice.get('/customers')).html);
      expect(before).toContain('Boulangerie Alice');
      expect(before).not.toContain('Garage Bob');
      const on = await as.admin.post('/admin/settings', { salesSeeAll: 'true' });
      expect(on.status).toBe(200);
      expect(on.html).toMatch(/<input type="checkbox" name="salesSeeAll" value="true" checked/);
      expect(textOf((await as.alice.get('/customers')).html)).toContain('Garage Bob');
      const refused = await as.admin.post('/admin/settings', {}, { csrf: '' });
      expect(refused.status).toBe(403);
      await as.admin.post('/admin/settings', {});
      expect(textOf((await as.alice.get('/customers')).html)).not.toContain('Garage Bob');
    });
  });

  describe('/me', () => {
    it('lets every role open their account page, linked from the menu', async () => {
      for (const v of [as.admin, as.manager, as.alice, as.viewer]) {
        const page = await v.get('/me');
        expect(page.status, v.login).toBe(200);
        expect(links(page.html)).toContain('/me');
        expect(page.html).toContain('<label>Language<select name="locale">');
      }
    });

    it('switches a user to French and back, for every following page', async () => {
      const res = await as.viewer.post('/me', { locale: 'fr' });
      expect(res.status).toBe(303);
      const page = await as.viewer.get(res.location ?? '/me');
      expect(page.html).toContain('<html lang="fr">');
      expect(textOf(page.html)).toContain('Votre langue est enregistrée.');
      expect((await as.viewer.get('/orders')).html).toContain('<html lang="fr">');
      const bad = await as.viewer.post('/me', { locale: 'de' });
      expect(bad.status).toBe(422);
      expect(textOf(bad.html)).toContain('Choisissez français ou anglais.');
      const noToken = await as.viewer.post('/me', { locale: 'en' }, { csrf: '' });
      expect(noToken.status).toBe(403);
      expect((await as.viewer.get('/orders')).html).toContain('<html lang="fr">');
      await as.viewer.post('/me', { locale: 'en' });
      expect((await as.viewer.get('/orders')).html).toContain('<html lang="en">');
    });
  });
});
