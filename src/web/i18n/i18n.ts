// Translation: a typed key, the user's locale, French by default.
import { en } from './en.ts';
import { fr } from './fr.ts';

export type Locale = 'fr' | 'en';
export type MessageKey = keyof typeof en;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const catalogues: Record<Locale, Record<MessageKey, string>> = { fr, en };

export function translator(locale: Locale): Translate {
  const messages = catalogues[locale];
  return (key, params) => {
    const text = messages[key] ?? en[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  };
}

export const isLocale = (v: unknown): v is Locale => v === 'fr' || v === 'en';
