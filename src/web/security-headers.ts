// The security headers every answer carries: hono/secure-headers' set, without a Content-Security-Policy
// and without Cross-Origin-Embedder-Policy. (The ninth session set them by hand on Node's response to spare
// @hono/node-server a web Headers object per answer; side by side that measured within the noise, 0.43-0.49
// against 0.46-0.49 ms of CPU on the REST list, so the library does it. Decision 0417.)
import { secureHeaders } from 'hono/secure-headers';

export const securityHeaders = () =>
  secureHeaders({ contentSecurityPolicy: undefined, crossOriginEmbedderPolicy: false });
