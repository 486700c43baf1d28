// Text lookup: every word the UI shows comes from i18n/ja.json or en.json.
// The pure parts (lookup, pickLanguage) are tested with node --test.

/** Finds `key` ("a.b.c") in `dict` and fills {name} placeholders. */
export function lookup(dict, key, params = {}) {
  let value = dict;
  for (const part of key.split('.')) {
    value = value && typeof value === 'object' ? value[part] : undefined;
  }
  if (typeof value !== 'string') return key;
  return value.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** The language to show: the setting, or for "os" the first of the OS's
 * languages we have ("ja" or "en"), English when none. */
export function pickLanguage(setting, osLanguages) {
  if (setting === 'ja' || setting === 'en') return setting;
  for (const l of osLanguages || []) {
    const base = String(l).toLowerCase().split('-')[0];
    if (base === 'ja' || base === 'en') return base;
  }
  return 'en';
}

let dictionary = {};
let language = 'en';

/** Loads the dictionary of `lang` (a file shipped with the app). */
export async function load(lang) {
  const response = await fetch(`i18n/${lang}.json`);
  dictionary = await response.json();
  language = lang;
  document.documentElement.lang = lang;
}

/** The text for `key` in the current language. */
export function t(key, params) {
  return lookup(dictionary, key, params);
}

/** The current language code. */
export function currentLanguage() {
  return language;
}
