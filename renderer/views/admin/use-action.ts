// One pattern for every tab's loads and saves: a busy flag, the error as a sentence in the
// console's language, and a short "saved" note.
import { ref } from 'vue';
import { errorMessage } from '../../api/client';

export function useAction() {
  const busy = ref(false);
  const error = ref<string | null>(null);
  const saved = ref(false);
  let savedTimer: ReturnType<typeof setTimeout> | null = null;

  async function run<T>(fn: () => Promise<T>, options: { confirmSaved?: boolean } = {}): Promise<T | undefined> {
    busy.value = true;
    error.value = null;
    try {
      const result = await fn();
      if (options.confirmSaved) {
        saved.value = true;
        if (savedTimer) clearTimeout(savedTimer);
        savedTimer = setTimeout(() => (saved.value = false), 2500);
      }
      return result;
    } catch (e) {
      error.value = errorMessage(e);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, saved, run };
}
