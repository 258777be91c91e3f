// Translation: a typed key, the user's locale, French by default.
import { en } from './en.ts';
import { fr } from './fr.ts';

export type Locale = 'fr' | 'en';
export type MessageKey = keyof typeof en;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const catalogues: Record<Locale, Record<MessageKey, string>> = { fr, en };

/** A message cut at its `{name}` placeholders: text, name, text, name, …, text. */
type Template = readonly string[];

function templateOf(text: string): Template {
  return text.split(/\{(\w+)\}/);
}

function fill(template: Template, params: Record<string, string | number>): string {
  let out = template[0] as string;
  for (let i = 1; i < template.length; i += 2) {
    const name = template[i] as string;
    out += (name in params ? String(params[name]) : `{${name}}`) + template[i + 1];
  }
  return out;
}

const translators = new Map<Locale, Translate>();

/** The translator of a locale, made once: messages with placeholders are cut once, when first filled. */
export function translator(locale: Locale): Translate {
  let translate = translators.get(locale);
  if (translate) return translate;
  const messages = catalogues[locale];
  const templates = new Map<string, Template>();
  translate = (key, params) => {
    const text = messages[key] ?? en[key] ?? key;
    if (!params) return text;
    let template = templates.get(key);
    if (template === undefined) {
      template = templateOf(text);
      templates.set(key, template);
    }
    return fill(template, params);
  };
  translators.set(locale, translate);
  return translate;
}

export const isLocale = (v: unknown): v is Locale => v === 'fr' || v === 'en';
