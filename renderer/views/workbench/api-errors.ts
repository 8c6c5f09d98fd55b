// The API's errors as the workbench shows them: beside the form field they name, in the
// console's language. Core writes messages as "English sentence (中文短句)"; the Chinese
// part is the server's own words for the operator, so it is preferred over a generic one.
import { ref } from 'vue';
import { ApiError, errorMessage } from '../../api/client';
import { i18n } from '../../i18n';
import { serverSentence } from '../../i18n/server-sentence';

export { serverSentence };

export interface ShownError {
  /** The API's field (comment, departmentId, photoIds, address, ...), or null for the form as a whole. */
  field: string | null;
  text: string;
  conflict: boolean;
}

export function shownError(error: unknown): ShownError {
  const { t, te } = i18n.global;
  if (!(error instanceof ApiError)) return { field: null, text: errorMessage(error), conflict: false };
  if (error.status === 409) return { field: null, text: t('workbench.case.reloaded'), conflict: true };
  if (error.status === 413) return { field: error.field ?? 'file', text: t('workbench.errors.tooLarge'), conflict: false };
  if (error.status === 415) return { field: error.field ?? 'file', text: t('workbench.errors.notImage'), conflict: false };
  if (error.status === 400) {
    const own = serverSentence(error.message);
    const key = `workbench.errors.fields.${error.field}`;
    const byField = error.field && te(key) ? t(key) : null;
    const text = own ?? byField ?? errorMessage(error);
    return { field: error.field ?? null, text, conflict: false };
  }
  return { field: null, text: errorMessage(error), conflict: false };
}

/**
 * A form's errors: each beside the field the API named (mapped by `fieldOf`, focused by its
 * element id in `ids`), or one for the form as a whole.
 */
export function useFormErrors(fieldOf: Readonly<Record<string, string>>, ids: Readonly<Record<string, string>>) {
  const errors = ref<Record<string, string>>({});
  const formError = ref<string | null>(null);

  function clear(): void {
    errors.value = {};
    formError.value = null;
  }

  /** Shows the error where it belongs; returns the form's field it was put beside, if any. */
  function show(shown: ShownError): string | null {
    const field = shown.field ? fieldOf[shown.field] : undefined;
    if (!field) {
      formError.value = shown.text;
      return null;
    }
    errors.value = { [field]: shown.text };
    const id = ids[field];
    if (id) document.getElementById(id)?.focus();
    return field;
  }

  return { errors, formError, clear, show };
}
