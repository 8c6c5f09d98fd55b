// notify/channels: what other parts of core may use of this slice.
export * from './dingtalk.js';
export * from './email.js';
export * from './errors.js';
export * from './sms.js';
export * from './wecom.js';
