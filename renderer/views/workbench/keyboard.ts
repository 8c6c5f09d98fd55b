// The workbench's keys, as data: an operator works a case from intake to close without the
// mouse. `commandFor` turns a key press into a command; the legend is drawn from SHORTCUTS.

export type Command =
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'open' }
  | { kind: 'nextQueue' }
  | { kind: 'previousQueue' }
  | { kind: 'nextPage' }
  | { kind: 'previousPage' }
  | { kind: 'search' }
  | { kind: 'newCase' }
  | { kind: 'reload' }
  | { kind: 'action'; index: number }
  | { kind: 'submit' }
  | { kind: 'close' };

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Where the key was pressed: in a text field letters are text, not commands. */
export interface KeyContext {
  typing: boolean;
}

export function commandFor(press: KeyPress, context: KeyContext): Command | null {
  const { key } = press;
  if (key === 'Escape') return { kind: 'close' };
  if (key === 'Enter' && (press.ctrlKey || press.metaKey)) return { kind: 'submit' };
  if (context.typing || press.ctrlKey || press.metaKey || press.altKey) return null;
  switch (key) {
    case 'j':
    case 'J':
    case 'ArrowDown':
      return { kind: 'next' };
    case 'k':
    case 'K':
    case 'ArrowUp':
      return { kind: 'previous' };
    case 'Enter':
      return { kind: 'open' };
    case ']':
      return { kind: 'nextQueue' };
    case '[':
      return { kind: 'previousQueue' };
    case 'PageDown':
      return { kind: 'nextPage' };
    case 'PageUp':
      return { kind: 'previousPage' };
    case '/':
      return { kind: 'search' };
    case 'n':
    case 'N':
      return { kind: 'newCase' };
    case 'r':
    case 'R':
      return { kind: 'reload' };
  }
  if (/^[1-9]$/.test(key)) return { kind: 'action', index: Number(key) - 1 };
  return null;
}

/** The legend: keys and the message key of what they do. */
export const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: 'J / K', what: 'move' },
  { keys: 'Enter', what: 'open' },
  { keys: '1–9', what: 'action' },
  { keys: '[ / ]', what: 'queue' },
  { keys: 'PgUp / PgDn', what: 'page' },
  { keys: '/', what: 'search' },
  { keys: 'N', what: 'newCase' },
  { keys: 'R', what: 'reload' },
  { keys: 'Ctrl+Enter', what: 'submit' },
  { keys: 'Esc', what: 'close' },
];
