// 0801: 消息通知. The contacts a rule can reach (通讯录), the warnings waiting for their moment,
// and the outbox: one message per rule and subject (a case, a day's digest), one delivery per
// channel and recipient, drained by the delivery worker with retries. The outbox is written in
// the same transaction as the case change that caused it, so a restart loses nothing.
export const sql = `
CREATE TABLE notify_contacts (
  id INTEGER PRIMARY KEY,
  -- department_contact (联系人), department_head (负责人), leader (领导), shift_leader (值班长)
  kind TEXT NOT NULL CHECK (kind IN ('department_contact', 'department_head', 'leader', 'shift_leader')),
  department_id INTEGER REFERENCES departments(id),
  name TEXT NOT NULL,
  phone TEXT,
  email TEXT,
  -- A WeCom group robot's webhook (…/cgi-bin/webhook/send?key=…) and a DingTalk robot's (…/robot/send?access_token=…) with its 加签 secret.
  wecom_webhook TEXT,
  dingtalk_webhook TEXT,
  dingtalk_secret TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (kind NOT IN ('department_contact', 'department_head') OR department_id IS NOT NULL)
);
CREATE INDEX notify_contacts_department ON notify_contacts(department_id, kind);

-- A warning rule's moment for a case (N % of its disposal limit), kept while the limit runs.
CREATE TABLE notify_schedule (
  rule_id TEXT NOT NULL,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  due_at INTEGER NOT NULL,
  deadline_at INTEGER NOT NULL,
  PRIMARY KEY (rule_id, case_id)
);
CREATE INDEX notify_schedule_due ON notify_schedule(due_at);

CREATE TABLE notify_messages (
  id INTEGER PRIMARY KEY,
  rule_id TEXT NOT NULL,
  event TEXT NOT NULL,
  case_id INTEGER REFERENCES cases(id),
  -- At most one message per rule and subject: rule:case (rule:case:department for a dispatch), rule:date for a digest.
  dedupe_key TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX notify_messages_case ON notify_messages(case_id);

CREATE TABLE notify_deliveries (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES notify_messages(id),
  channel TEXT NOT NULL CHECK (channel IN ('sms', 'wecom', 'dingtalk', 'email')),
  contact_id INTEGER REFERENCES notify_contacts(id),
  recipient TEXT NOT NULL,
  target TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  -- Set when quiet hours held it back: until when.
  held_until INTEGER,
  last_error TEXT,
  provider_ref TEXT,
  sent_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX notify_deliveries_due ON notify_deliveries(status, next_attempt_at);
CREATE INDEX notify_deliveries_message ON notify_deliveries(message_id);
`;
