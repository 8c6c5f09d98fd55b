// Simulated sweepers, sprinklers and enforcement vehicles of the demo county, driving along
// its streets (core/basemap) and reporting like a BeiDou terminal's gateway: JSON position
// reports over the county's vehicle WebSocket every few seconds. Sweepers crawl, sprinklers
// amble, enforcement vehicles patrol at town speed; at a junction each picks a street onward
// (not straight back unless the street ends).
import WebSocket from 'ws';
import type { StreetRow } from '../../base/basemap/index.js';
import type { VehicleKind, VehicleRow } from '../../base/devices/index.js';
import { localFrame } from '../../base/geo/index.js';
import type { Logger } from '../../runtime/log.js';

export const SPEED_KMH: Record<VehicleKind, number> = { sweeper: 8, sprinkler: 15, enforcement: 30, patrol: 25 };

type Node = string;
const keyOf = (lon: number, lat: number): Node => `${lon.toFixed(5)},${lat.toFixed(5)}`;

/** Street centrelines as a graph: vertices (rounded to a metre) and the streets between them. */
export class StreetGraph {
  readonly points = new Map<Node, [number, number]>();
  readonly next = new Map<Node, Node[]>();

  constructor(streets: readonly Pick<StreetRow, 'geometry' | 'kind'>[]) {
    for (const s of streets) {
      const coords = (JSON.parse(s.geometry) as { coordinates: [number, number][] }).coordinates;
      for (let k = 0; k + 1 < coords.length; k++) {
        const [a, b] = [coords[k]!, coords[k + 1]!];
        const ka = keyOf(a[0], a[1]);
        const kb = keyOf(b[0], b[1]);
        if (ka === kb) continue;
        this.points.set(ka, a);
        this.points.set(kb, b);
        this.link(ka, kb);
        this.link(kb, ka);
      }
    }
  }

  private link(a: Node, b: Node): void {
    const list = this.next.get(a) ?? [];
    if (!list.includes(b)) list.push(b);
    this.next.set(a, list);
  }

  nearest(lon: number, lat: number): Node | undefined {
    let best: Node | undefined;
    let dist = Infinity;
    for (const [node, [x, y]] of this.points) {
      const d = (x - lon) ** 2 + (y - lat) ** 2;
      if (d < dist) {
        dist = d;
        best = node;
      }
    }
    return best;
  }
}

interface Driver {
  vehicle: VehicleRow;
  from: Node;
  to: Node;
  /** Metres driven along the current edge. */
  along: number;
}

export interface VehicleSimOptions {
  vehicles: VehicleRow[];
  streets: Pick<StreetRow, 'geometry' | 'kind'>[];
  key: string;
  serverUrl: string;
  tickMs?: number;
  log: Logger;
  random?: () => number;
}

export class VehicleSimulator {
  private readonly graph: StreetGraph;
  private readonly drivers: Driver[] = [];
  private readonly random: () => number;
  private socket: WebSocket | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: VehicleSimOptions) {
    this.random = options.random ?? Math.random;
    this.graph = new StreetGraph(options.streets);
    const nodes = [...this.graph.next.keys()];
    for (const vehicle of options.vehicles) {
      const start = (vehicle.lon !== null && vehicle.lat !== null ? this.graph.nearest(vehicle.lon, vehicle.lat) : undefined) ?? nodes[Math.floor(this.random() * nodes.length)];
      if (!start) continue;
      const to = this.pick(start, undefined);
      if (to) this.drivers.push({ vehicle, from: start, to, along: 0 });
    }
  }

  private pick(at: Node, cameFrom: Node | undefined): Node | undefined {
    const options = this.graph.next.get(at) ?? [];
    const onward = options.filter((n) => n !== cameFrom);
    const list = onward.length ? onward : options;
    return list[Math.floor(this.random() * list.length)];
  }

  /** Moves every vehicle by `seconds` of driving; returns their reports. */
  step(seconds: number): { code: string; lon: number; lat: number; speedKmh: number; headingDeg: number; at: string }[] {
    return this.drivers.map((d) => {
      const speed = SPEED_KMH[d.vehicle.kind] * (0.8 + this.random() * 0.4);
      let left = (speed / 3.6) * seconds;
      for (let guard = 0; guard < 100; guard++) {
        const [ax, ay] = this.graph.points.get(d.from)!;
        const [bx, by] = this.graph.points.get(d.to)!;
        const frame = localFrame(ax, ay);
        const length = Math.hypot(frame.x(bx), frame.y(by));
        if (d.along + left <= length) {
          d.along += left;
          break;
        }
        left -= length - d.along;
        const next = this.pick(d.to, d.from);
        d.from = d.to;
        d.to = next ?? d.from;
        d.along = 0;
      }
      const [ax, ay] = this.graph.points.get(d.from)!;
      const [bx, by] = this.graph.points.get(d.to)!;
      const frame = localFrame(ax, ay);
      const length = Math.hypot(frame.x(bx), frame.y(by)) || 1;
      const t = Math.min(1, d.along / length);
      const heading = ((Math.atan2(frame.x(bx), frame.y(by)) * 180) / Math.PI + 360) % 360;
      return { code: d.vehicle.code, lon: ax + (bx - ax) * t, lat: ay + (by - ay) * t, speedKmh: Math.round(speed * 10) / 10, headingDeg: Math.round(heading), at: new Date().toISOString() };
    });
  }

  start(): void {
    if (this.drivers.length === 0) return;
    const tickMs = this.options.tickMs ?? 5000;
    const connect = () => {
      const socket = new WebSocket(`${this.options.serverUrl.replace(/^http/, 'ws')}/api/ingest/vehicles/ws?api_key=${encodeURIComponent(this.options.key)}`);
      socket.on('error', (error) => this.options.log.warn({ err: error }, 'vehicle simulator: socket error'));
      socket.on('close', () => {
        if (this.timer) setTimeout(connect, 5000).unref();
      });
      this.socket = socket;
    };
    connect();
    this.timer = setInterval(() => {
      const reports = this.step(tickMs / 1000);
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(reports));
    }, tickMs);
    this.timer.unref();
  }

  stop(): void {
    const timer = this.timer;
    this.timer = undefined;
    if (timer) clearInterval(timer);
    this.socket?.close();
  }
}
