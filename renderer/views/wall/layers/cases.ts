// Live cases (案卷): a pin per open case in its state's colour; urgent (急件) and overdue
// (超期) cases carry a pulsing red halo. New and changed cases arrive over the WebSocket
// (`upsert`), closed and voided ones leave the map.
import type { CaseEventData, WallCase } from '../../../../core/contract/index';
import { casePin, halo } from './icons';
import { MarkerLayer } from './markers';
import { CASE_GROUP_VARIABLE, caseGroup, TERMINAL_CASE_STATES, themeCss } from './palette';
import type { LayerContext } from './types';

export type CaseMarker = Pick<WallCase, 'id' | 'state' | 'urgent' | 'overdue' | 'lon' | 'lat'>;

export class CasesLayer extends MarkerLayer<readonly CaseMarker[]> {
  readonly id = 'cases' as const;

  constructor(ctx: LayerContext) {
    super('cases', 'case', ctx, { width: 30, height: 38, anchor: 'bottom' });
  }

  private spec(c: CaseMarker) {
    const colour = themeCss(CASE_GROUP_VARIABLE[caseGroup(c.state)]);
    const alarm = c.urgent || c.overdue;
    return {
      key: c.id,
      lon: c.lon,
      lat: c.lat,
      image: casePin(colour, c.urgent, c.overdue),
      halo: alarm ? halo(themeCss(c.urgent ? '--gh-case-urgent' : '--gh-case-overdue')) : null,
      scale: alarm ? 1.2 : 1,
    };
  }

  update(cases: readonly CaseMarker[]): void {
    this.markers.set(cases.filter((c) => Number.isFinite(c.lon) && Number.isFinite(c.lat)).map((c) => this.spec(c)));
  }

  /** A case event from the live stream: add, redraw or (once closed) remove its pin. */
  upsert(event: CaseEventData): void {
    if (TERMINAL_CASE_STATES.has(event.state) || event.lon === null || event.lat === null) {
      this.markers.remove(event.id);
      return;
    }
    this.markers.upsert(this.spec({ id: event.id, state: event.state, urgent: event.urgent, overdue: event.overdue, lon: event.lon, lat: event.lat }));
  }
}
