// Translation: every visible string goes through t(). The language comes from ?lang=, else the last choice,
// else the browser's languages; the choice is remembered in localStorage (a preference, never a secret).
import en from './strings-en.js';
import zh from './strings-zh.js';

export const LANGUAGES = { en, zh };
const STORE = 'switchboard.lang';
let current = 'en';
const listeners = new Set();

function pick(value) {
  const v = (value || '').toLowerCase();
  if (v.startsWith('zh')) return 'zh';
  if (v.startsWith('en')) return 'en';
  return null;
}

export function initLanguage() {
  const fromUrl = pick(new URLSearchParams(location.search).get('lang'));
  let stored = null;
  try { stored = pick(localStorage.getItem(STORE)); } catch (e) { stored = null; }
  const fromBrowser = (navigator.languages || [navigator.language]).map(pick).find(Boolean);
  apply(fromUrl || stored || fromBrowser || 'en', Boolean(fromUrl));
}

function apply(lang, remember) {
  current = lang;
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('app.title');
  if (remember) {
    try { localStorage.setItem(STORE, lang); } catch (e) { /* private mode: the choice lasts this page only */ }
  }
}

export function language() {
  return current;
}

export function setLanguage(lang) {
  if (!LANGUAGES[lang]) return;
  apply(lang, true);
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', lang);
    history.replaceState(null, '', url);
  }
  listeners.forEach((f) => f(lang));
}

export function onLanguageChange(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** The text for key in the current language, with {name} placeholders filled from params. */
export function t(key, params) {
  let s = LANGUAGES[current][key];
  if (s === undefined) {
    console.error('missing translation: ' + current + ' ' + key);
    s = LANGUAGES.en[key] !== undefined ? LANGUAGES.en[key] : key;
  }
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined ? m : String(params[name])));
  }
  return s;
}

/** t(prefix + value) when such a key exists, else the value itself (data from plugins, unknown kinds). */
export function tOr(prefix, value, fallback) {
  const s = LANGUAGES[current][prefix + value];
  return s !== undefined ? s : (fallback !== undefined ? fallback : value);
}
