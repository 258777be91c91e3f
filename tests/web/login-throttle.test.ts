// The login rate limit, through the real app: wrong passwords pile up per login and per address, in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { addressBucket, clientAddress, LOGIN_THROTTLE } from '../../src/auth/login-throttle.ts';
import type { AppContext } from '../../src/context.ts';
import { openDatabase } from '../../src/db/database.ts';
import { person } from '../setup/fixtures.ts';
import { type TestClock, testClock, testContext } from '../setup/test-context.ts';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../setup/test-database.ts';

const GOOD = 'password-123';

interface Attempt {
  login: string;
  password: string;
  forwardedFor?: string;
  lang?: 'fr' | 'en';
}

async function submit(app: ReturnType<typeof createApp>, a: Attempt): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'accept-language': a.lang === 'en' ? 'en-GB,en' : 'fr-FR,fr',
  };
  if (a.forwardedFor) headers['x-forwarded-for'] = a.forwardedFor;
  return await app.request('/login', {
    method: 'POST',
    headers,
    body: new URLSearchParams({ login: a.login, password: a.password, next: '/' }).toString(),
  });
}

async function failTimes(app: ReturnType<typeof createApp>, n: number, a: Omit<Attempt, 'password'>) {
  for (let i = 0; i < n; i++) {
    const res = await submit(app, { ...a, password: `guess-${i}` });
    expect(res.status, `wrong password #${i + 1}`).toBe(401);
  }
}

describeEachDialect('login rate limit', (dialect) => {
  let db: TestDatabase;
  let clock: TestClock;
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    clock = testClock('2026-11-26T09:00:00Z');
    ctx = testContext(db, clock);
    app = createApp(ctx);
    for (const login of ['alice', 'bob', 'carol', 'dave', 'erin']) await person(ctx, login, 'sales');
  });
  afterAll(async () => db?.drop());

  const countRows = async () =>
    Number(
      (
        await db.database.db
          .selectFrom('login_attempts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses even the right password after ten wrong ones for that login, then lets it in once the window has passed', async () => {
    clock.set('2026-11-26T09:00:00Z');
    await failTimes(app, LOGIN_THROTTLE.perLogin, { login: 'alice' });

    const refused = await submit(app, { login: 'alice', password: GOOD, lang: 'en' });
    expect(refused.status).toBe(429);
    const html = await refused.text();
    expect(html).toContain('Too many attempts. Wait a few minutes and try again.');
    expect(html).toContain('value="alice"');
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect(Number(refused.headers.get('retry-after'))).toBe(15 * 60);

    // Differently cased or padded, it is the same login.
    expect((await submit(app, { login: ' ALICE ', password: GOOD })).status).toBe(429);
    // In French by default.
    expect(await (await submit(app, { login: 'alice', password: GOOD })).text()).toContain(
      'Trop de tentatives. Patientez quelques minutes avant de réessayer.',
    );
    // Another login from the same place is not affected.
    expect((await submit(app, { login: 'bob', password: GOOD })).status).toBe(303);

    clock.set('2026-11-26T09:10:00Z');
    const later = await submit(app, { login: 'alice', password: GOOD });
    expect(later.status).toBe(429);
    expect(Number(later.headers.get('retry-after'))).toBe(5 * 60);

    clock.set('2026-11-26T09:15:01Z');
    const ok = await submit(app, { login: 'alice', password: GOOD });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('set-cookie')).toContain('relance_session=');
  });

  it('forgets the failures of a login once its owner logs in', async () => {
    clock.set('2026-11-26T10:00:00Z');
    await failTimes(app, LOGIN_THROTTLE.perLogin - 1, { login: 'carol' });
    expect((await submit(app, { login: 'carol', password: GOOD })).status).toBe(303);
    await failTimes(app, LOGIN_THROTTLE.perLogin - 1, { login: 'carol' });
    expect((await submit(app, { login: 'carol', password: GOOD })).status).toBe(303);
  });

  it('counts unknown logins too, without telling them apart from known ones', async () => {
    clock.set('2026-11-26T11:00:00Z');
    await failTimes(app, LOGIN_THROTTLE.perLogin, { login: 'nobody' });
    const res = await submit(app, { login: 'nobody', password: GOOD });
    expect(res.status).toBe(429);
  });

  it('blocks an address that tries many logins, behind a trusted proxy, and only that address', async () => {
    clock.set('2026-11-26T12:00:00Z');
    const behindProxy = createApp({ ...ctx, config: { ...ctx.config, RELANCE_TRUST_PROXY: 1 } });
    // The attacker writes its own X-Forwarded-For; the proxy appends the real address.
    const logins = ['dave', 'erin', 'x1', 'x2', 'x3', 'x4'];
    for (let i = 0; i < LOGIN_THROTTLE.perAddress; i++) {
      const res = await submit(behindProxy, {
        login: logins[i % logins.length]!,
        password: `guess-${i}`,
        forwardedFor: `10.9.9.${i}, 203.0.113.7`,
      });
      expect(res.status, `attempt #${i + 1}`).toBe(401);
    }
    expect(
      (await submit(behindProxy, { login: 'dave', password: GOOD, forwardedFor: '203.0.113.7' })).status,
    ).toBe(429);
    expect(
      (await submit(behindProxy, { login: 'dave', password: GOOD, forwardedFor: '198.51.100.2' })).status,
    ).toBe(303);
  });

  it('does not trust X-Forwarded-For without a configured proxy: a forged header does not escape the limit', async () => {
    clock.set('2026-11-26T13:00:00Z');
    // No socket under app.request(): every request comes from the same (unknown) address.
    for (let i = 0; i < LOGIN_THROTTLE.perAddress; i++) {
      const res = await submit(app, { login: `u${i}`, password: 'guess', forwardedFor: `192.0.2.${i}` });
      expect(res.status).toBe(401);
    }
    expect((await submit(app, { login: 'erin', password: GOOD, forwardedFor: '192.0.2.200' })).status).toBe(
      429,
    );
  });

  it('shares the count between two app servers on the same database, and purges old rows', async () => {
    clock.set('2026-11-26T14:00:00Z');
    const second = openDatabase(db.url, db.schema ? { schema: db.schema, poolSize: 2 } : {});
    try {
      const otherServer = createApp({ ...ctx, database: second });
      await failTimes(app, 5, { login: 'erin', forwardedFor: 'a' });
      await failTimes(otherServer, 5, { login: 'erin' });
      expect((await submit(app, { login: 'erin', password: GOOD })).status).toBe(429);
      expect((await submit(otherServer, { login: 'erin', password: GOOD })).status).toBe(429);
    } finally {
      await second.close();
    }
    // Each failure already dropped the rows of the earlier tests, which fell out of the window.
    expect(await countRows()).toBe(10);
    // A failure an hour later drops every row older than the window.
    clock.set('2026-11-26T15:00:00Z');
    await failTimes(app, 1, { login: 'someone' });
    expect(await countRows()).toBe(1);
  });
});

describe('the address a failed login is counted on', () => {
  it('is the socket peer unless proxies are trusted, then the address the last trusted proxy saw', () => {
    expect(clientAddress('6.6.6.6', '10.0.0.5', 0)).toBe('10.0.0.5');
    expect(clientAddress('6.6.6.6, 203.0.113.7', '10.0.0.5', 1)).toBe('203.0.113.7');
    expect(clientAddress('6.6.6.6, 203.0.113.7, 10.0.0.2', '10.0.0.5', 2)).toBe('203.0.113.7');
    expect(clientAddress(undefined, '10.0.0.5', 1)).toBe('10.0.0.5');
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });

  it('counts IPv4-mapped addresses as IPv4, and a whole IPv6 /64 as one address', () => {
    expect(addressBucket('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressBucket('192.0.2.1')).toBe('192.0.2.1');
    expect(addressBucket('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:0DB8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8::5')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('unknown')).toBe('unknown');
  });
});
