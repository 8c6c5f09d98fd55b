// Text from outside is stored inert: exactly what the person typed, minus what can only do harm
// on a screen or in storage. Every channel's text passes here once, at the one intake door
// (IntakeService.report) and the one action door (Workflow.act), whatever route it came by.
import { badRequest } from './errors.js';

// C0 controls but tab and newline, DEL, C1 controls, bidi marks/embeddings/overrides/isolates
// (U+200E/F, U+202A-E, U+2066-9: they make text read differently from how it is stored), BOM,
// and the interlinear annotation and object replacement characters.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffc]/g;
// A surrogate half without its partner cannot be stored as UTF-8: SQLite would keep invalid bytes.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text without unsafe characters and lone surrogates, NFC, line ends as \n, trimmed. */
export function cleanText(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').replace(LONE_SURROGATE, '').replace(UNSAFE, '').normalize('NFC').trim();
}

/** Cleans one text field; throws 400 naming the field when it is longer than `max` characters. */
export function inertText(raw: string, field: string, max: number): string {
  const text = cleanText(raw);
  if ([...text].length > max) throw badRequest(`${field} is longer than ${max} characters (内容过长)`, field);
  return text;
}

/** inertText for optional fields: empty becomes null. */
export function inertOptional(raw: string | undefined | null, field: string, max: number): string | null {
  if (raw === undefined || raw === null) return null;
  const text = inertText(raw, field, max);
  return text === '' ? null : text;
}
