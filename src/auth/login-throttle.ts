// The login rate limit: too many failed logins for one login name or from one client address are refused
// for a while. Failures live in the database so that every app server behind a load balancer shares them.
import { isIP } from 'node:net';
import type { Core } from '../core.ts';
import * as repo from './login-throttle.repository.ts';
import { sha256 } from './secrets.ts';

export const LOGIN_THROTTLE = {
  /** Failures of one login name inside the window before further attempts are refused. */
  perLogin: 10,
  /** Failures from one client address (an office behind one NAT shares it, hence higher). */
  perAddress: 30,
  windowMinutes: 15,
} as const;

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const loginKey = (loginName: string) => sha256(`login:${loginName.trim().toLowerCase()}`);
const addressKey = (address: string) => sha256(`ip:${addressBucket(address)}`);

/**
 * What the per-address limit counts on: an IPv4 address (also when written IPv4-mapped, ::ffff:a.b.c.d), or
 * the /64 network of an IPv6 address, since one IPv6 client usually holds a whole /64 and could rotate.
 */
export function addressBucket(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped?.[1]) return mapped[1];
  if (isIP(a) !== 6) return a;
  const [head = '', tail = ''] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = a.includes('::') && tail ? tail.split(':') : [];
  const groups = a.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
const windowMs = LOGIN_THROTTLE.windowMinutes * 60_000;

function windowStart(core: Core): string {
  return new Date(core.clock.now().getTime() - windowMs).toISOString();
}

function retryAfter(core: Core, oldest: string | null): number {
  const until = (oldest ? Date.parse(oldest) : core.clock.now().getTime()) + windowMs;
  return Math.max(1, Math.ceil((until - core.clock.now().getTime()) / 1000));
}

/** Whether a login attempt may be checked at all; asked before the password is verified. */
export async function checkLoginAllowed(
  core: Core,
  loginName: string,
  address: string,
): Promise<ThrottleVerdict> {
  const db = core.database.db;
  const since = windowStart(core);
  const [byLogin, byAddress] = await Promise.all([
    repo.countLoginFailures(db, loginKey(loginName), since),
    repo.countIpFailures(db, addressKey(address), since),
  ]);
  const blocked = [
    byLogin.count >= LOGIN_THROTTLE.perLogin ? byLogin : null,
    byAddress.count >= LOGIN_THROTTLE.perAddress ? byAddress : null,
  ].filter((w): w is repo.WindowCount => w !== null);
  if (blocked.length === 0) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(...blocked.map((w) => retryAfter(core, w.oldest))) };
}

/** Records a failed login and drops the failures that fell out of the window. */
export async function recordLoginFailure(core: Core, loginName: string, address: string): Promise<void> {
  const db = core.database.db;
  await repo.insertFailure(db, loginKey(loginName), addressKey(address), core.clock.now().toISOString());
  await repo.purgeFailuresBefore(db, windowStart(core));
}

/** A successful login clears its login name's failures; the address keeps its count. */
export async function recordLoginSuccess(core: Core, loginName: string): Promise<void> {
  await repo.clearLoginFailures(core.database.db, loginKey(loginName));
}

/**
 * The client's address. Behind `trustedProxies` reverse proxies (env RELANCE_TRUST_PROXY), it is the
 * address that many hops from the right of X-Forwarded-For, which the client cannot forge; otherwise the
 * socket's peer.
 */
export function clientAddress(
  forwardedFor: string | undefined,
  socketAddress: string | undefined,
  trustedProxies: number,
): string {
  if (trustedProxies > 0 && forwardedFor) {
    const hops = forwardedFor
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const picked = hops[hops.length - trustedProxies] ?? hops[0];
    if (picked) return picked;
  }
  return socketAddress ?? 'unknown';
}
