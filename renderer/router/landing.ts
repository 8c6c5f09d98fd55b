// Where a user goes after signing in.
import type { RoleCode } from '../../core/contract/index';
import { canOpen, sections } from '../sections';

/** The first section the user's roles open. */
export function homePath(roles: readonly RoleCode[]): string {
  return (sections.find((section) => canOpen(section, roles)) ?? sections[0]!).path;
}

/** Only same-console paths are followed after login (never "//elsewhere" or a full URL). */
export function safeRedirect(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login') ? value : null;
}
