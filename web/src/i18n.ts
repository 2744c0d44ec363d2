import { staticEnglish } from './i18n-en.ts';
import { type MessageKey, messages } from './i18n-messages.ts';

/**
 * The public pages speak Simplified Chinese, and English on request: a switch in the header, remembered in
 * localStorage. Static text is marked `data-i18n="key"` (its Chinese stays in the HTML); attributes are marked
 * `data-i18n-attr="aria-label:key;placeholder:key"`. Scripts use `t(key)`. All of it is set as text, never HTML.
 */

export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'huiyin.lang';
const chinese = new WeakMap<Element, string>();
const chineseAttributes = new WeakMap<Element, Record<string, string>>();
const listeners: ((lang: Lang) => void)[] = [];

function stored(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh'; // storage refused (private mode, policy): Chinese, the default
  }
}

let current: Lang = stored();

export function lang(): Lang {
  return current;
}

export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const text: string = messages[key][current];
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/** The server's field messages are "中文 / English": the half that matches the page. */
export function localized(message: string): string {
  const [zh, en] = message.split(' / ');
  return current === 'en' && en ? en : (zh ?? message);
}

/** Puts every marked element of `root` into the current language. */
export function applyStatic(root: ParentNode = document): void {
  for (const node of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    if (!chinese.has(node)) chinese.set(node, node.textContent ?? '');
    const key = node.dataset.i18n ?? '';
    node.textContent = current === 'en' ? (staticEnglish[key] ?? chinese.get(node)!) : chinese.get(node)!;
  }
  for (const node of root.querySelectorAll<HTMLElement>('[data-i18n-attr]')) {
    const pairs = (node.dataset.i18nAttr ?? '').split(';').map((pair) => pair.split(':') as [string, string]);
    let originals = chineseAttributes.get(node);
    if (!originals) {
      originals = Object.fromEntries(
        pairs.map(([attribute]) => [attribute, node.getAttribute(attribute) ?? '']),
      );
      chineseAttributes.set(node, originals);
    }
    for (const [attribute, key] of pairs)
      node.setAttribute(
        attribute,
        current === 'en' ? (staticEnglish[key] ?? originals[attribute]!) : originals[attribute]!,
      );
  }
  document.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';
}

export function setLang(next: Lang): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered; the page still switches.
  }
  applyStatic();
  for (const listener of listeners) listener(next);
}

/** Called after every switch (pages re-render what their scripts wrote). */
export function onLangChange(listener: (lang: Lang) => void): void {
  listeners.push(listener);
}

/** Wires the header's switch button and puts the page into the remembered language. */
export function initLanguage(): void {
  const button = document.querySelector<HTMLButtonElement>('#lang-switch');
  const label = () => {
    if (!button) return;
    button.textContent = t('lang.switchTo');
    button.lang = current === 'en' ? 'zh-CN' : 'en';
  };
  button?.addEventListener('click', () => {
    setLang(current === 'en' ? 'zh' : 'en');
    label();
  });
  if (current === 'en') applyStatic();
  label();
}
