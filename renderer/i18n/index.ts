// vue-i18n in composition mode. zh-CN is the default; the operator's choice persists in localStorage.
import { createI18n } from 'vue-i18n';
import en from './en';
import type { SectionMessages } from './section';
import zhCN, { type Messages } from './zh-CN';

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];

const storageKey = 'gridhall.locale';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

function storedLocale(): Locale {
  try {
    const saved = localStorage.getItem(storageKey);
    return isLocale(saved) ? saved : 'zh-CN';
  } catch {
    return 'zh-CN'; // storage blocked (private mode, policy): fall back to the default
  }
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

// Section messages (renderer/views/<section>/messages.ts), merged under the section's name.
const sectionMessages = import.meta.glob<{ default: SectionMessages<object> }>('../views/*/messages.ts', { eager: true });
for (const [file, module] of Object.entries(sectionMessages)) {
  const section = file.split('/')[2]!;
  i18n.global.mergeLocaleMessage('zh-CN', { [section]: module.default.zh } as never);
  i18n.global.mergeLocaleMessage('en', { [section]: module.default.en } as never);
}

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(storageKey, locale);
  } catch {
    // the choice lasts for this page only
  }
}
