// 信息收集: the one entry point every channel calls (inspector, hotline, citizen, video, IoT,
// leader, media, Open311). It checks the class, finds the place, and files the case.
import type { Actor, CaseChange, Workflow } from '../../workflow/cases/index.js';
import type { ComponentStore } from '../../base/components/index.js';
import type { DictionaryStore } from '../../base/dictionary/index.js';
import { badRequest } from '../../runtime/errors.js';
import { inertOptional, inertText } from '../../runtime/inert-text.js';
import { areaCodesOfGrid, type Geocoder } from '../../base/geocode/index.js';

import { CASE_SOURCES, type CaseSource } from '../../contract/cases.js';

export const SOURCES = CASE_SOURCES;
export type { CaseSource };

export const SOURCE_LABELS: Record<CaseSource, { zh: string; en: string }> = {
  inspector: { zh: '监督员上报', en: 'Inspector' },
  hotline: { zh: '12319热线', en: 'Hotline' },
  citizen: { zh: '市民通', en: 'Citizen app' },
  open311: { zh: 'Open311', en: 'Open311' },
  video: { zh: '视频发现', en: 'Video' },
  iot: { zh: '物联网', en: 'IoT sensor' },
  leader: { zh: '领导批示', en: 'Leader' },
  media: { zh: '媒体曝光', en: 'Media' },
  self: { zh: '自行处置', en: 'Self-handled' },
};

export interface IntakeInput {
  source: CaseSource;
  kind: 'component' | 'event';
  classCode: string;
  description: string;
  lon?: number | null;
  lat?: number | null;
  address?: string | null;
  componentId?: string | null;
  urgent?: boolean;
  selfHandled?: boolean;
  reporterName?: string | null;
  reporterContact?: string | null;
  photoIds?: number[];
}

export interface CountyBounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

const MAX_DESCRIPTION = 4000;
const MAX_ADDRESS = 256;

export class IntakeService {
  constructor(
    private readonly workflow: Workflow,
    private readonly dictionary: DictionaryStore,
    private readonly components: ComponentStore,
    private readonly geocoder: Geocoder,
    private readonly bounds: () => Promise<CountyBounds | undefined>,
  ) {}

  async activeStandardId(): Promise<string> {
    const standard = await this.dictionary.activeStandard();
    if (!standard) throw badRequest('The county has no active class dictionary yet (请先配置分类标准)');
    return standard.id;
  }

  async report(input: IntakeInput, actor: Actor): Promise<CaseChange> {
    const standardId = await this.activeStandardId();
    const cls = await this.dictionary.get(standardId, input.kind, input.classCode);
    if (!cls || cls.level !== 'small') {
      throw badRequest(`Unknown ${input.kind === 'component' ? '部件' : '事件'} small class "${input.classCode}" in ${standardId} (未知的小类)`, 'classCode');
    }
    // Every channel's text is cleaned here, once, whatever route it came by.
    const description = inertText(typeof input.description === 'string' ? input.description : '', 'description', MAX_DESCRIPTION);
    if (description === '') throw badRequest('Describe the problem (请填写问题描述)', 'description');
    const address = inertOptional(input.address, 'address', MAX_ADDRESS);
    const reporterName = inertOptional(input.reporterName, 'reporterName', 200);
    const reporterContact = inertOptional(input.reporterContact, 'reporterContact', 256);
    const componentIdInput = inertOptional(input.componentId, 'componentId', 17);

    let componentId: string | null = null;
    let point: { lon: number; lat: number } | undefined;
    if (componentIdInput) {
      const component = await this.components.get(componentIdInput);
      if (!component) throw badRequest(`No component with ID ${componentIdInput} (部件不存在)`, 'componentId');
      if (input.kind !== 'component' || component.classCode !== input.classCode) {
        throw badRequest(`Component ${componentIdInput} is of class ${component.classCode}, not ${input.kind} ${input.classCode}`, 'componentId');
      }
      componentId = component.id;
      point = { lon: component.lon, lat: component.lat };
    }

    const hasPoint = input.lon !== undefined && input.lon !== null && input.lat !== undefined && input.lat !== null;
    let located;
    if (hasPoint) {
      await this.checkInCounty(input.lon!, input.lat!);
      located = await this.geocoder.reverse(input.lon!, input.lat!);
      if (address) located.address = address;
    } else if (point) {
      located = await this.geocoder.reverse(point.lon, point.lat);
    } else if (address) {
      located = await this.geocoder.forward(address);
      located.address = address;
    } else {
      throw badRequest('Give the place: longitude and latitude, an address, or a component ID (请提供位置)', 'address');
    }
    return await this.workflow.report(
      {
        kind: input.kind,
        standardId,
        classCode: input.classCode,
        source: input.source,
        description,
        address: located.address,
        lon: located.lon,
        lat: located.lat,
        gridCode: located.gridCode,
        ...areaCodesOfGrid(located.gridCode),
        componentId,
        urgent: input.urgent ?? false,
        selfHandled: input.selfHandled ?? false,
        reporterName,
        reporterContact,
        photoIds: input.photoIds ?? [],
      },
      actor,
    );
  }

  private async checkInCounty(lon: number, lat: number): Promise<void> {
    if (Math.abs(lat) > 90 && Math.abs(lon) <= 90 && Math.abs(lat) <= 180) {
      throw badRequest(`Latitude ${lat} is beyond ±90 while longitude ${lon} would be a latitude: longitude and latitude look swapped (经纬度疑似颠倒)`, 'lat');
    }
    if (!(lon >= -180 && lon <= 180)) throw badRequest('Longitude must be between -180 and 180', 'lon');
    if (!(lat >= -90 && lat <= 90)) throw badRequest('Latitude must be between -90 and 90', 'lat');
    const b = await this.bounds();
    if (!b) return;
    const margin = 0.02;
    if (lon < b.west - margin || lon > b.east + margin || lat < b.south - margin || lat > b.north + margin) {
      const swapped = lat >= b.west - margin && lat <= b.east + margin && lon >= b.south - margin && lon <= b.north + margin;
      throw badRequest(
        swapped
          ? `The point (${lon}, ${lat}) lies outside the county, but swapped it would lie inside: longitude and latitude look swapped (经纬度疑似颠倒)`
          : `The point (${lon}, ${lat}) lies outside the county (位置不在本县范围内)`,
        'lon',
      );
    }
  }
}
