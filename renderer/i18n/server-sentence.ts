// Core writes its sentences as "English sentence (中文短句)". The console shows the part in its
// own language: the Chinese tail in the Chinese console, the English head in the English one.
import { currentLocale } from './index';

const CHINESE_TAIL = /\s*[（(]([^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]\s*$/;

/** The part of a server message for the current language, if it has one. */
export function serverSentence(message: string, locale = currentLocale()): string | null {
  const tail = CHINESE_TAIL.exec(message);
  if (locale === 'zh-CN') return tail ? tail[1]!.trim() : null;
  const english = message.replace(CHINESE_TAIL, '').trim();
  return english || null;
}

/** A server message in the console's language: its own part when it has one, else as it came. */
export function localSentence(message: string | null | undefined, locale = currentLocale()): string | null {
  if (!message) return null;
  return serverSentence(message, locale) ?? message;
}
