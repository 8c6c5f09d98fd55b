// One tile's buildings as a binary glTF (GLB) written with @gltf-transform, the content type
// of 3D Tiles 1.1. Each vertex carries a feature ID (EXT_mesh_features) into a property table
// (EXT_structural_metadata) of building IDs and heights, so a click on the wall finds the building.
import { Document, Extension, NodeIO, PropertyType, type WriterContext } from '@gltf-transform/core';
import type { Vec3 } from '../../base/geo/index.js';
import { type MeshBuffers, toGltfAxes } from './extrude.js';

const MESH_FEATURES = 'EXT_mesh_features';
const STRUCTURAL_METADATA = 'EXT_structural_metadata';

/** The metadata schema of a building tile; the wall reads `id` back from a picked feature. */
export const BUILDING_SCHEMA = {
  id: 'gridhall_buildings',
  classes: {
    building: {
      name: 'Building',
      properties: {
        id: { type: 'SCALAR', componentType: 'UINT32', description: 'Row id in the buildings table' },
        height: { type: 'SCALAR', componentType: 'FLOAT32', description: 'Height above ground, metres' },
      },
    },
  },
} as const;

interface FeatureTable {
  ids: Uint32Array;
  heights: Float32Array;
}

/** The bytes of a typed array (its buffer view must be exactly as long as its values). */
function bytesOf(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Writes EXT_mesh_features on the document's one primitive and EXT_structural_metadata at the
 * root. @gltf-transform has no class for these extensions, so this one writes their JSON and
 * puts the property table's values in buffer views of their own (prewrite, then write).
 */
class BuildingFeatures extends Extension {
  static override readonly EXTENSION_NAME = MESH_FEATURES;
  override readonly extensionName = MESH_FEATURES;
  override readonly prewriteTypes = [PropertyType.BUFFER];
  table: FeatureTable | null = null;
  private views: { ids: Uint8Array; heights: Uint8Array } | null = null;

  override read(): this {
    return this;
  }

  override prewrite(context: WriterContext): this {
    if (!this.table) return this;
    const buffer = this.document.getRoot().listBuffers()[0]!;
    this.views = { ids: bytesOf(this.table.ids), heights: bytesOf(this.table.heights) };
    const list = context.otherBufferViews.get(buffer) ?? [];
    list.push(this.views.ids, this.views.heights);
    context.otherBufferViews.set(buffer, list);
    return this;
  }

  override write(context: WriterContext): this {
    if (!this.table || !this.views) return this;
    const json = context.jsonDoc.json;
    const primitive = json.meshes?.[0]?.primitives[0];
    if (!primitive) return this;
    const count = this.table.ids.length;
    primitive.extensions = { ...primitive.extensions, [MESH_FEATURES]: { featureIds: [{ featureCount: count, attribute: 0, propertyTable: 0 }] } };
    json.extensions = {
      ...json.extensions,
      [STRUCTURAL_METADATA]: {
        schema: BUILDING_SCHEMA,
        propertyTables: [
          {
            class: 'building',
            count,
            properties: {
              id: { values: context.otherBufferViewsIndexMap.get(this.views.ids) },
              height: { values: context.otherBufferViewsIndexMap.get(this.views.heights) },
            },
          },
        ],
      },
    };
    const used = new Set(json.extensionsUsed ?? []);
    used.add(STRUCTURAL_METADATA);
    json.extensionsUsed = [...used];
    return this;
  }
}

const io = new NodeIO().registerExtensions([BuildingFeatures]);

/**
 * The GLB of one tile. Positions are relative to `origin` (ECEF metres, on the node's
 * translation, in glTF axes) so float32 vertices keep millimetres anywhere on Earth.
 */
export async function buildingTileGlb(mesh: MeshBuffers, origin: Vec3, heights: ReadonlyMap<number, number>): Promise<Uint8Array> {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const features = doc.createExtension(BuildingFeatures);
  features.table = {
    ids: Uint32Array.from(mesh.buildingIds),
    heights: Float32Array.from(mesh.buildingIds, (id) => heights.get(id) ?? 0),
  };
  const vertexCount = mesh.vertexCount;
  const attribute = (type: 'VEC2' | 'VEC3' | 'VEC4' | 'SCALAR', array: Float32Array | Uint8Array | Uint16Array, normalized = false) =>
    doc.createAccessor().setType(type).setArray(array).setBuffer(buffer).setNormalized(normalized);
  const indices = vertexCount > 65535 ? Uint32Array.from(mesh.indices) : Uint16Array.from(mesh.indices);
  const material = doc.createMaterial('building').setBaseColorFactor([1, 1, 1, 1]).setMetallicFactor(0).setRoughnessFactor(0.85);
  const primitive = doc
    .createPrimitive()
    .setAttribute('POSITION', attribute('VEC3', Float32Array.from(mesh.positions)))
    .setAttribute('NORMAL', attribute('VEC3', Float32Array.from(mesh.normals)))
    .setAttribute('COLOR_0', attribute('VEC4', Uint8Array.from(mesh.colors), true))
    .setAttribute('TEXCOORD_0', attribute('VEC2', Float32Array.from(mesh.uvs)))
    .setAttribute('_FEATURE_ID_0', attribute('SCALAR', Float32Array.from(mesh.features)))
    .setIndices(doc.createAccessor().setType('SCALAR').setArray(indices).setBuffer(buffer))
    .setMaterial(material);
  const node = doc.createNode('buildings').setMesh(doc.createMesh('buildings').addPrimitive(primitive)).setTranslation(toGltfAxes(origin));
  doc.createScene().addChild(node);
  doc.getRoot().setDefaultScene(doc.getRoot().listScenes()[0]!);
  return io.writeBinary(doc);
}
