// Opens whatever was delivered: a Shapefile (as .shp, folder or .zip), GeoJSON, CSV or Excel.
// Size is checked before anything is read: a file past the limit is refused at once.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CsvSource } from './csv.js';
import { ExcelSource } from './excel.js';
import { GeoJsonSource } from './geojson.js';
import { locateShapefile, ShapefileSource } from './shapefile.js';
import { SourceError, type FeatureSource } from './source.js';
import { unzipTo } from './zip.js';

/** The most an import takes (one file, or a zip unpacked): 1.44 M components fit in a third of it. */
export const MAX_IMPORT_BYTES = 1536 * 1024 * 1024;

export function checkSize(bytes: number, name: string, limit = MAX_IMPORT_BYTES): void {
  if (bytes > limit) {
    throw new SourceError(
      'file.tooLarge',
      `${name} is ${(bytes / 1073741824).toFixed(1)} GB; an import takes at most ${Math.round(limit / 1048576)} MB. Split the layer (by street) and import the parts`,
      { mb: Math.round(bytes / 1048576), limitMb: Math.round(limit / 1048576) },
    );
  }
}

/** Bytes of a path: a file, or everything directly in a folder. */
function sizeOf(target: string): number {
  const s = statSync(target);
  return s.isDirectory() ? 0 : s.size;
}

export interface OpenOptions {
  /** Where a .zip is unpacked (a folder of the import job). */
  workDir: string;
  limit?: number;
}

export async function openSource(file: string, options: OpenOptions): Promise<FeatureSource> {
  if (!existsSync(file)) throw new SourceError('file.notFound', `no such file: ${file}`);
  const limit = options.limit ?? MAX_IMPORT_BYTES;
  checkSize(sizeOf(file), path.basename(file), limit);
  if (statSync(file).isDirectory()) return shapefileAt(file, limit);
  const ext = path.extname(file).toLowerCase();
  switch (ext) {
    case '.zip': {
      const files = await unzipTo(file, path.join(options.workDir, 'unzipped'), limit);
      if (!files.some((f) => f.toLowerCase().endsWith('.shp'))) {
        const geo = files.find((f) => /\.(geo)?json$/i.test(f));
        if (geo) return new GeoJsonSource(geo);
        throw new SourceError('zip.noLayer', 'the .zip holds no .shp (nor GeoJSON) layer');
      }
      return shapefileAt(path.join(options.workDir, 'unzipped'), limit);
    }
    case '.shp':
    case '.dbf':
      return shapefileAt(file.slice(0, -4) + '.shp', limit);
    case '.geojson':
    case '.json':
      return new GeoJsonSource(file);
    case '.csv':
    case '.txt':
      return new CsvSource(file);
    case '.xlsx':
      return ExcelSource.open(file);
    case '.xls':
      throw new SourceError('file.format', 'old .xls workbooks are not read: save the sheet as .xlsx or CSV');
    default:
      throw new SourceError('file.format', `"${path.basename(file)}" is not a file Gridhall imports (Shapefile .shp/.zip or folder, .geojson, .csv, .xlsx)`, {
        name: path.basename(file),
      });
  }
}

function shapefileAt(target: string, limit: number): ShapefileSource {
  if (!existsSync(target)) throw new SourceError('file.notFound', `no such file: ${target}`);
  const parts = locateShapefile(target);
  checkSize(statSync(parts.shp).size + statSync(parts.dbf).size, path.basename(parts.shp), limit);
  return new ShapefileSource(parts);
}
