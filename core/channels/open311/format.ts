// GeoReport v2 output: XML (the required format; schemaless, no namespace, UTF-8 with the XML
// declaration) and JSON (the Spark convention: a list element becomes an array of its items).
// fast-xml-parser's builder escapes every text node, so stored text stays inert in XML too.
import type { FastifyReply } from 'fastify';
import { XMLBuilder } from 'fast-xml-parser';
import { badRequest } from '../../runtime/errors.js';

export type Open311Format = 'xml' | 'json';

const builder = new XMLBuilder({ format: true, ignoreAttributes: true, suppressEmptyNode: false });

export const CONTENT_TYPES: Record<Open311Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** `services/E0406.json` → { name: 'E0406', format: 'json' }; no extension means XML. */
export function splitFormat(file: string): { name: string; format: Open311Format } {
  const dot = file.lastIndexOf('.');
  if (dot < 0) return { name: file, format: 'xml' };
  const ext = file.slice(dot + 1).toLowerCase();
  if (ext !== 'xml' && ext !== 'json') throw badRequest(`Unsupported format "${ext}": use .xml or .json`, 'format');
  return { name: file.slice(0, dot), format: ext };
}

type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

/** XML text of `{root: {item: [...]}}`; an empty list becomes an empty root element. */
export function toXml(root: string, body: Value): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: body === null || (Array.isArray(body) && body.length === 0) ? '' : body })}`;
}

/**
 * Sends a list resource: XML `<root><item>…</item>…</root>`, JSON `[…]`.
 * `nested` names inner list fields and their item tags (attributes → attribute, values → value).
 */
export function sendList(reply: FastifyReply, format: Open311Format, root: string, item: string, items: Record<string, Value>[], status = 200): FastifyReply {
  void reply.status(status).type(CONTENT_TYPES[format]);
  if (format === 'json') return reply.send(JSON.stringify(items));
  return reply.send(toXml(root, items.length ? { [item]: items } : ''));
}

/** Sends one object resource (discovery, a service definition); `xmlBody` is its XML shape. */
export function sendObject(reply: FastifyReply, format: Open311Format, root: string, json: Value, xmlBody: Value): FastifyReply {
  void reply.status(200).type(CONTENT_TYPES[format]);
  return reply.send(format === 'json' ? JSON.stringify(json) : toXml(root, xmlBody));
}

/** The spec's error body: `<errors><error><code/><description/></error></errors>` or `[{code, description}]`. */
export function sendErrors(reply: FastifyReply, format: Open311Format, status: number, description: string): FastifyReply {
  return sendList(reply, format, 'errors', 'error', [{ code: status, description }], status);
}
