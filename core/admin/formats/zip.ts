// Zipped deliveries (a Shapefile's five files in one .zip). yauzl reads the central directory
// first, so sizes are checked before a byte is inflated: a zip that would unpack past the
// limit is refused without unpacking it.
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { SourceError } from './source.js';

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, zip) => (error || !zip ? reject(error ?? new Error('no zip')) : resolve(zip)));
  });
}

function entries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const list: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      list.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(list));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function streamOf(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error || !stream ? reject(error ?? new Error('no stream')) : resolve(stream))));
}

/** Unpacks the files of a zip (folders flattened into `dir`); returns the paths written. */
export async function unzipTo(file: string, dir: string, maxBytes: number, options: { keepPaths?: boolean } = {}): Promise<string[]> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (error) {
    throw new SourceError('zip.invalid', `the .zip cannot be opened: ${(error as Error).message}`);
  }
  try {
    const list = (await entries(zip)).filter((e) => !e.fileName.endsWith('/') && !e.fileName.startsWith('__MACOSX/'));
    const total = list.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (total > maxBytes) {
      throw new SourceError('file.tooLarge', `the .zip would unpack to ${Math.round(total / 1048576)} MB, more than the ${Math.round(maxBytes / 1048576)} MB an import takes`, {
        mb: Math.round(total / 1048576),
        limitMb: Math.round(maxBytes / 1048576),
      });
    }
    mkdirSync(dir, { recursive: true });
    const written: string[] = [];
    const taken = new Set<string>();
    for (const entry of list) {
      // The zip's name for an entry never leads outside `dir`: flattened to a base name, or
      // (keepPaths) kept only when every segment is a plain name.
      const segments = entry.fileName.replace(/\\/g, '/').split('/').filter(Boolean);
      if (options.keepPaths && segments.some((s) => s === '.' || s === '..' || s.includes(':'))) {
        throw new SourceError('zip.invalid', `the .zip names a path outside its folder: ${entry.fileName}`);
      }
      let name = options.keepPaths ? segments.join('/') : (segments[segments.length - 1] ?? '');
      if (!name || name === '.' || name === '..') continue;
      while (taken.has(name.toLowerCase())) name = `_${name}`;
      taken.add(name.toLowerCase());
      const target = path.join(dir, name);
      mkdirSync(path.dirname(target), { recursive: true });
      await pipeline(await streamOf(zip, entry), createWriteStream(target));
      written.push(target);
    }
    return written;
  } finally {
    zip.close();
  }
}
