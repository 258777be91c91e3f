// The security headers every answer carries: the set hono/secure-headers printed with the options Relance
// used (no Content-Security-Policy, no Cross-Origin-Embedder-Policy), set the cheap way.
//
// hono/secure-headers sets them after the handler, on the response's web `Headers`: that makes
// @hono/node-server build a Headers object for every answer and read it back into Node's header record,
// ~50 µs a page (issue 4). Behind the Node server the headers go straight onto Node's response before the
// handler runs; Node merges them into the status line's headers when the answer is written. Without Node
// (tests calling `app.request`) they are set through Hono's context. Decision 0417.

import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';

export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

/** What @hono/node-server hands the app as `c.env`: Node's request and response. */
interface NodeBindings {
  outgoing?: ServerResponse;
}

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    const outgoing = (c.env as NodeBindings | undefined)?.outgoing;
    if (outgoing && typeof outgoing.setHeader === 'function' && !outgoing.headersSent) {
      for (const [name, value] of SECURITY_HEADERS) outgoing.setHeader(name, value);
      await next();
      return;
    }
    await next();
    for (const [name, value] of SECURITY_HEADERS) c.res.headers.set(name, value);
  };
}
