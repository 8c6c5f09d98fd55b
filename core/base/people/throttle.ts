// Sign-in throttling that slows only the one guessing. Wrong passwords are counted per
// (source address, account) and per source address; after a few, that address waits before
// its next try, and the wait doubles with each further failure. The account's owner, signing
// in from elsewhere, never waits: nobody can lock an account by guessing at it.
import { AppError } from '../../runtime/errors.js';

export interface ThrottleRules {
  /** Failures of one address on one account before it has to wait. */
  freePerAccount: number;
  /** Failures of one address over all accounts before it has to wait (password spraying). */
  freePerAddress: number;
  /** The first wait; it doubles with each further failure. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A count is forgotten this long after its last failure. */
  forgetAfterMs: number;
}

export const DEFAULT_THROTTLE: ThrottleRules = {
  freePerAccount: 4,
  freePerAddress: 20,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 30 * 60_000,
};

interface Count {
  failures: number;
  last: number;
  until: number;
}

/** The most keys kept: beyond it the oldest are dropped, so a flood of addresses cannot fill memory. */
const MAX_KEYS = 50_000;

export class SignInThrottle {
  private readonly counts = new Map<string, Count>();

  constructor(private readonly rules: ThrottleRules = DEFAULT_THROTTLE) {}

  private keys(address: string, account: string): [string, number][] {
    return [
      [`a\u0000${address}\u0000${account.toLowerCase()}`, this.rules.freePerAccount],
      [`s\u0000${address}`, this.rules.freePerAddress],
    ];
  }

  /** Throws 429 (with the seconds to wait) while this address must wait for this account. */
  check(address: string, account: string, now: number): void {
    let until = 0;
    for (const [key] of this.keys(address, account)) {
      const c = this.counts.get(key);
      if (!c) continue;
      if (now - c.last > this.rules.forgetAfterMs) this.counts.delete(key);
      else until = Math.max(until, c.until);
    }
    if (until > now) {
      const seconds = Math.ceil((until - now) / 1000);
      throw new ThrottledError(seconds);
    }
  }

  failed(address: string, account: string, now: number): void {
    for (const [key, free] of this.keys(address, account)) {
      const prior = this.counts.get(key);
      const failures = prior && now - prior.last <= this.rules.forgetAfterMs ? prior.failures + 1 : 1;
      const over = failures - free;
      const delay = over > 0 ? Math.min(this.rules.maxDelayMs, this.rules.firstDelayMs * 2 ** Math.min(over - 1, 30)) : 0;
      this.counts.delete(key);
      this.counts.set(key, { failures, last: now, until: now + delay });
    }
    while (this.counts.size > MAX_KEYS) this.counts.delete(this.counts.keys().next().value!);
  }

  /** A right password from this address clears its count for the account (not the address's). */
  succeeded(address: string, account: string): void {
    this.counts.delete(this.keys(address, account)[0]![0]);
  }
}

export class ThrottledError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('too_many_requests', `Too many wrong passwords from this address; try again in ${retryAfterSeconds} s (密码错误次数过多，请 ${retryAfterSeconds} 秒后再试)`);
  }
}
