// Each section owns its words: renderer/views/<section>/messages.ts exports
// defineMessages(zh, en), merged under the section's name (t('workbench.queue')).
// English must have the same keys as Chinese: the type makes a missing key an error.
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export interface SectionMessages<T> {
  zh: T;
  en: Widen<T>;
}

export function defineMessages<T extends object>(zh: T, en: Widen<T>): SectionMessages<T> {
  return { zh, en };
}
