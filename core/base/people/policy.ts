// Password rules (等保 2.0 level 3, 身份鉴别): long enough, of several kinds of character, not
// the user name. The county sets the numbers (security settings); history and expiry are
// kept by AuthService.
import { badRequest } from '../../runtime/errors.js';

export interface PasswordPolicy {
  passwordMinLength: number;
  /** How many of the four classes (lower, upper, digits, others) a password must mix. */
  passwordClasses: number;
  passwordHistory: number;
}

const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/** Throws 400 (field password) saying what the password lacks. */
export function checkPassword(password: string, username: string, policy: PasswordPolicy): void {
  if ([...password].length < policy.passwordMinLength) {
    throw badRequest(`A password needs at least ${policy.passwordMinLength} characters (密码至少 ${policy.passwordMinLength} 位)`, 'password');
  }
  const classes = CLASSES.filter((c) => c.test(password)).length;
  if (classes < policy.passwordClasses) {
    throw badRequest(
      `A password needs at least ${policy.passwordClasses} of: lower-case letters, capitals, digits, other characters (密码须包含大写字母、小写字母、数字、特殊字符中的至少 ${policy.passwordClasses} 种)`,
      'password',
    );
  }
  if (password.toLowerCase().includes(username.toLowerCase())) throw badRequest('A password may not contain the user name (密码不能包含用户名)', 'password');
}
