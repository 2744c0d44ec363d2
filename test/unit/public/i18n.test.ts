import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticEnglish } from '../../../web/src/i18n-en.ts';
import { messages } from '../../../web/src/i18n-messages.ts';

/** Simplified Chinese by default, English on request: every text of the public pages exists in both. */

const pages = ['index.html', 'track.html', 'reception.html', 'help.html'].map((file) => ({
  file,
  html: readFileSync(resolve(import.meta.dirname, '../../../web', file), 'utf8'),
}));

function keysIn(html: string): string[] {
  const keys = [...html.matchAll(/data-i18n="([^"]+)"/g)].map((match) => match[1]!);
  for (const match of html.matchAll(/data-i18n-attr="([^"]+)"/g))
    for (const pair of match[1]!.split(';')) keys.push(pair.split(':')[1]!);
  return keys;
}

describe('static text of the public pages', () => {
  it.each(pages)('$file: every marked text has its English', ({ html }) => {
    const missing = keysIn(html).filter((key) => !(key in staticEnglish));

    expect(missing).toEqual([]);
  });

  it('no English entry is left without a page that uses it', () => {
    const used = new Set(pages.flatMap(({ html }) => keysIn(html)));

    expect(Object.keys(staticEnglish).filter((key) => !used.has(key))).toEqual([]);
  });

  it.each(pages)('$file is Chinese by default and has the language switch', ({ html }) => {
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('id="lang-switch"');
  });
});

describe('messages written by the scripts', () => {
  it.each(Object.entries(messages))('%s has the same placeholders in both languages', (_key, message) => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

    expect(message.zh.trim().length).toBeGreaterThan(0);
    expect(message.en.trim().length).toBeGreaterThan(0);
    expect(placeholders(message.en)).toEqual(placeholders(message.zh));
  });
});
