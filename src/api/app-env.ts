// The Hono environment of the app: the shared context and, once authenticated, the actor.
import type { Actor } from '../auth/permissions.ts';
import type { AppContext } from '../context.ts';
import type { Locale, Translate } from '../web/i18n/i18n.ts';

export interface AppEnv {
  Variables: {
    ctx: AppContext;
    actor: Actor;
    /** Set when the request came with a session cookie rather than a token. */
    csrf: string | undefined;
    /** Web pages: the language of this response and its translator. */
    locale: Locale;
    t: Translate;
  };
}
