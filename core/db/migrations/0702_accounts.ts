// 0702: 等保 2.0 level 3 account controls (issue 19). 三员分立: a security administrator
// (安全管理员: accounts, roles, passwords) and an auditor (审计员: reads the audit log) beside
// the system administrator; a password that must be changed at the next sign-in (the
// generated first one, a reset one); when a password was set, for expiry; the last
// passwords' hashes, so an old one is not taken again; when a session was last used, for
// the idle timeout.
export const sql = `
INSERT INTO roles (code, name_zh, name_en) VALUES
  ('security_admin', '安全管理员', 'Security administrator'),
  ('auditor', '审计员', 'Auditor');
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_changed_at INTEGER;
UPDATE users SET password_changed_at = created_at;
CREATE TABLE password_history (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  password_hash TEXT NOT NULL,
  changed_at INTEGER NOT NULL
);
CREATE INDEX password_history_user ON password_history(user_id, changed_at);
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;
UPDATE sessions SET last_seen_at = created_at;
`;
