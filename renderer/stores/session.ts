// Who is signed in. The session lives in localStorage so every window of a wall (one per
// display, same origin) shares one sign-in, and signing out in one signs out all of them.
import type { RoleCode, SessionUser } from '../../core/contract/index';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, useApiAuth } from '../api/client';

const storageKey = 'gridhall.session';

interface StoredSession {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

/** Why the user is looking at the login page, if the console sent them there. */
export type SignOutReason = 'expired' | 'signedOut';

function parseSession(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof value.token !== 'string' || typeof value.expiresAt !== 'string' || typeof value.user !== 'object' || !value.user) return null;
    if (Date.parse(value.expiresAt) <= Date.now()) return null;
    return value as StoredSession;
  } catch {
    return null;
  }
}

function readStorage(): string | null {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export const useSessionStore = defineStore('session', () => {
  const session = ref<StoredSession | null>(parseSession(readStorage()));
  const reason = ref<SignOutReason | null>(null);

  const token = computed(() => session.value?.token ?? null);
  const user = computed(() => session.value?.user ?? null);
  const roles = computed<readonly RoleCode[]>(() => session.value?.user.roles ?? []);
  const signedIn = computed(() => session.value !== null);

  function keep(next: StoredSession | null): void {
    session.value = next;
    try {
      if (next) localStorage.setItem(storageKey, JSON.stringify(next));
      else localStorage.removeItem(storageKey);
    } catch {
      // storage blocked: the session lasts for this page only
    }
  }

  async function login(username: string, password: string): Promise<void> {
    const answer = await api.call('auth.login', { body: { username, password }, anonymous: true });
    reason.value = null;
    keep({ token: answer.token, expiresAt: answer.expiresAt, user: answer.user });
  }

  /** Changes the signed-in user's own password (required first when the server says so). */
  async function changePassword(current: string, next: string): Promise<void> {
    const fresh = await api.call('auth.password', { body: { current, password: next } });
    if (session.value) keep({ ...session.value, user: fresh });
  }

  async function logout(): Promise<void> {
    if (session.value) {
      try {
        await api.call('auth.logout');
      } catch {
        // the token dies with the local session either way; nothing for the user to fix
      }
    }
    keep(null);
    reason.value = 'signedOut';
  }

  /** The server refused the token (expired, revoked): drop it and say so on the login page. */
  function expire(): void {
    if (!session.value) return;
    keep(null);
    reason.value = 'expired';
  }

  /** Re-read the user (roles may have changed); a dead token ends the session through the 401 hook. */
  async function refresh(): Promise<void> {
    if (!session.value) return;
    const fresh = await api.call('auth.me');
    if (session.value) keep({ ...session.value, user: fresh });
  }

  useApiAuth({ token: () => token.value, onUnauthorized: expire });

  // Another window of this console signed in or out.
  window.addEventListener('storage', (event) => {
    if (event.key === storageKey) session.value = parseSession(event.newValue);
  });

  return { token, user, roles, signedIn, reason, login, changePassword, logout, expire, refresh };
});
