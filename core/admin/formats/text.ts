// Text encodings of delivered files. Surveying software in China writes GBK (code page 936)
// unless told otherwise; newer tools write UTF-8. A .cpg file or a byte-order mark settles
// it; otherwise the bytes decide: valid UTF-8 with multi-byte sequences is UTF-8, anything
// else with high bytes is GBK. iconv-lite decodes GBK (Node's TextDecoder cannot encode it,
// and the tests need to write GBK fixtures).
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'gbk';

/** True when the bytes are well-formed UTF-8 (no overlongs or surrogates checked beyond shape). */
export function isUtf8(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let extra: number;
    if (b >= 0xc2 && b <= 0xdf) extra = 1;
    else if (b >= 0xe0 && b <= 0xef) extra = 2;
    else if (b >= 0xf0 && b <= 0xf4) extra = 3;
    else return false;
    if (i + extra >= end) return false;
    for (let k = 1; k <= extra; k++) {
      if ((bytes[i + k]! & 0xc0) !== 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

export function hasHighBytes(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/** Reads a .cpg's content: UTF-8, GBK and its names (CP936, 936, GB2312, GB18030). */
export function encodingOfCpg(text: string): TextEncoding | undefined {
  const t = text.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
  if (t === 'utf8' || t === '65001') return 'utf-8';
  if (['gbk', 'cp936', '936', 'gb2312', 'gb18030', 'ansi936', 'windows936'].includes(t)) return 'gbk';
  return undefined;
}

export function decode(bytes: Uint8Array, encoding: TextEncoding, start = 0, end = bytes.length): string {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
  return encoding === 'utf-8' ? view.toString('utf8') : iconv.decode(view, 'gbk');
}

export function encode(text: string, encoding: TextEncoding): Buffer {
  return encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'gbk');
}

/** Decides the encoding of a sample of text bytes: UTF-8 if it is valid UTF-8, else GBK. */
export function detectEncoding(sample: Uint8Array): TextEncoding {
  if (!hasHighBytes(sample)) return 'utf-8';
  return isUtf8(sample) ? 'utf-8' : 'gbk';
}
