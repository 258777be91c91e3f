// A rendered page as the plain string the HTTP layer wants.
import type { JSX } from '#jsx/jsx-runtime';

/**
 * The HTML of a rendered element as a primitive string. Give `c.html()` this rather than the element: with
 * a string body @hono/node-server writes the response at once, while an escaped-string object (what JSX
 * returns) makes it build a web Response and read the page back through a stream, about 0.5 ms a page.
 */
export function toHtml(element: JSX.Element | string): string {
  if (element instanceof Promise) throw new Error('Async components are not supported by the page renderer');
  return element.toString();
}
