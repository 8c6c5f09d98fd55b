// Focus in the workbench: whether a key press is typing (so letters are text, not commands),
// and focus for the dialogs (action form, photo viewer): focus moves in when one opens, Tab
// cycles inside it, and focus goes back where it was when it closes.
import { nextTick, onBeforeUnmount, onMounted, type Ref } from 'vue';

/** Whether an element takes typed text (its keys are not commands). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'file'].includes(target.type);
  return false;
}

/** A form's own keys: Esc closes it, Ctrl+Enter submits it; neither reaches the workbench. */
export function formKeys(close: () => void, submit: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.stopPropagation();
      submit();
    }
  };
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function useDialogFocus(root: Ref<HTMLElement | null>, initial?: () => HTMLElement | null | undefined): void {
  let before: HTMLElement | null = null;

  function trap(event: KeyboardEvent): void {
    if (event.key !== 'Tab' || !root.value) return;
    const items = [...root.value.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    if (!items.length) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  onMounted(async () => {
    before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    await nextTick();
    const target = initial?.() ?? root.value?.querySelector<HTMLElement>(FOCUSABLE) ?? root.value;
    target?.focus();
    root.value?.addEventListener('keydown', trap);
  });

  onBeforeUnmount(() => {
    root.value?.removeEventListener('keydown', trap);
    // Only give focus back if it is still inside the dialog (not taken elsewhere on purpose).
    if (before?.isConnected && (!document.activeElement || root.value?.contains(document.activeElement) || document.activeElement === document.body)) {
      before.focus();
    }
  });
}
