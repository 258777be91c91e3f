// The web session cookie's name and attributes, shared by the login page and the API's authentication.
export const SESSION_COOKIE = 'relance_session';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';
