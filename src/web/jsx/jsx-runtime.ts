// The JSX runtime of the server-rendered pages: every element becomes its HTML string at once.
//
// Hono's runtime (hono/jsx) builds a tree of nodes and walks it again to print it, with render contexts,
// head hoisting and async components; the pages here use none of that, and printing a 50-row list through
// it cost about 1.6 ms of the list page's 4 ms. This one concatenates strings as the elements are created
// (children are evaluated before their parent, as JSX arguments are), escapes text and attribute values,
// and returns escaped-HTML objects (`isEscaped`, `toString()`) that Hono's `raw()`, `html` template tag and
// `c.html()` take as they took hono/jsx's output. The types (the JSX namespace) stay Hono's. Decision 0403.

export type { JSX } from 'hono/jsx/jsx-runtime';

type Props = Record<string, unknown> & { children?: unknown };
type Component = (props: Props) => unknown;

/** Elements without content or end tag, printed `<br/>` as hono/jsx printed them. */
const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Attributes whose presence is their value: `true` prints `name=""`, `false` prints nothing. */
const BOOLEAN_ATTRIBUTES = new Set([
  'allowfullscreen',
  'async',
  'autofocus',
  'autoplay',
  'checked',
  'controls',
  'default',
  'defer',
  'disabled',
  'download',
  'formnovalidate',
  'hidden',
  'inert',
  'ismap',
  'itemscope',
  'loop',
  'multiple',
  'muted',
  'nomodule',
  'novalidate',
  'open',
  'playsinline',
  'readonly',
  'required',
  'reversed',
  'selected',
]);

/** React spellings hono/jsx accepted, printed as HTML names. */
const ATTRIBUTE_NAMES: Record<string, string> = {
  className: 'class',
  htmlFor: 'for',
  crossOrigin: 'crossorigin',
  httpEquiv: 'http-equiv',
  itemProp: 'itemprop',
  fetchPriority: 'fetchpriority',
  noModule: 'nomodule',
  formAction: 'formaction',
};

const VALID_NAME = /^[A-Za-z_:][-A-Za-z0-9_.:]*$/;

/** The entity of a character that needs one in text and attribute values, else undefined. */
function entityOf(code: number): string | undefined {
  switch (code) {
    case 38:
      return '&amp;';
    case 60:
      return '&lt;';
    case 62:
      return '&gt;';
    case 39:
      return '&#39;';
    case 34:
      return '&quot;';
    default:
      return undefined;
  }
}

const NEEDS_ESCAPE = /[&<>'"]/;

/**
 * `&<>'"` as entities. Most of a page's short texts need none; for the others, a loop from the first one
 * costs less than a regular expression's replace with a callback (issue 4).
 */
export function escapeHtml(text: string): string {
  const first = NEEDS_ESCAPE.exec(text);
  if (first === null) return text;
  let out = '';
  let from = 0;
  for (let i = first.index; i < text.length; i++) {
    const entity = entityOf(text.charCodeAt(i));
    if (entity === undefined) continue;
    out += text.slice(from, i) + entity;
    from = i + 1;
  }
  return out + text.slice(from);
}

/** HTML already escaped: what elements print to. One fixed shape, cheaper than String objects. */
export class SafeHtml {
  readonly isEscaped = true;
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

function isEscaped(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { isEscaped?: unknown }).isEscaped === true;
}

const validNames = new Set<string>();
function validName(name: string): boolean {
  if (validNames.has(name)) return true;
  if (!VALID_NAME.test(name)) return false;
  if (validNames.size < 1000) validNames.add(name);
  return true;
}

/** Appends the HTML of one child (text, number, element, array of them; nothing for null/booleans). */
function printChild(child: unknown): string {
  if (typeof child === 'string') return escapeHtml(child);
  if (child instanceof SafeHtml) return child.html;
  if (child === null || child === undefined || typeof child === 'boolean') return '';
  if (typeof child === 'number') return String(child);
  if (isEscaped(child)) return String(child);
  if (Array.isArray(child)) {
    let out = '';
    for (const c of child) out += printChild(c);
    return out;
  }
  if (child instanceof Promise) throw new Error('Async components are not supported by the page renderer');
  return escapeHtml(String(child));
}

function printAttribute(name: string, value: unknown): string {
  if (value === null || value === undefined || name === 'ref' || typeof value === 'function') return '';
  const key = ATTRIBUTE_NAMES[name] ?? name;
  if (!validName(key)) return '';
  if (typeof value === 'boolean' && BOOLEAN_ATTRIBUTES.has(key)) return value ? ` ${key}=""` : '';
  if (typeof value === 'number' || isEscaped(value)) return ` ${key}="${value}"`;
  if (key === 'style' && typeof value === 'object') {
    const css = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([p, v]) => `${p.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:${v}`)
      .join(';');
    return ` style="${escapeHtml(css)}"`;
  }
  return ` ${key}="${escapeHtml(String(value))}"`;
}

export function jsx(tag: string | Component, props: Props | null, _key?: unknown): SafeHtml {
  const p: Props = props ?? {};
  if (typeof tag === 'function') {
    const result = tag(p);
    return result instanceof SafeHtml ? result : new SafeHtml(printChild(result));
  }
  let out = `<${tag}`;
  for (const name in p) {
    if (name !== 'children') out += printAttribute(name, p[name]);
  }
  const children = p.children;
  if (
    VOID_ELEMENTS.has(tag) &&
    (children === undefined || (Array.isArray(children) && children.length === 0))
  )
    return new SafeHtml(`${out}/>`);
  return new SafeHtml(`${out}>${printChild(children)}</${tag}>`);
}

export const jsxs = jsx;
export const jsxDEV = jsx;

export function Fragment(props: { children?: unknown }): SafeHtml {
  return new SafeHtml(printChild(props.children));
}
