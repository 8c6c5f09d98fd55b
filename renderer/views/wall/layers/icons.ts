// Map symbols drawn once on a canvas and handed to Cesium as data URLs (Cesium's texture atlas
// keeps one copy per URL). All point up (north) at heading 0.
const cache = new Map<string, string>();

function draw(key: string, width: number, height: number, paint: (g: CanvasRenderingContext2D) => void): string {
  let url = cache.get(key);
  if (!url) {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    paint(canvas.getContext('2d')!);
    url = canvas.toDataURL('image/png');
    cache.set(key, url);
  }
  return url;
}

/** A map pin for a case: the state's colour, a white core, "急" for urgent, a red rim when overdue. */
export function casePin(colour: string, urgent: boolean, overdue: boolean): string {
  return draw(`case:${colour}:${urgent}:${overdue}`, 44, 56, (g) => {
    g.beginPath();
    g.moveTo(22, 54);
    g.bezierCurveTo(14, 40, 4, 32, 4, 21);
    g.arc(22, 21, 18, Math.PI, 0);
    g.bezierCurveTo(40, 32, 30, 40, 22, 54);
    g.closePath();
    g.fillStyle = colour;
    g.fill();
    g.lineWidth = overdue ? 4 : 2;
    g.strokeStyle = overdue ? '#ff1f4b' : 'rgba(4, 11, 24, 0.9)';
    g.stroke();
    g.beginPath();
    g.arc(22, 21, 10, 0, Math.PI * 2);
    g.fillStyle = urgent ? '#ff2d55' : '#ffffff';
    g.fill();
    if (urgent) {
      g.fillStyle = '#ffffff';
      g.font = 'bold 13px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
      g.textAlign = 'center';
      g.textBaseline = 'middle';
      g.fillText('急', 22, 22);
    }
  });
}

/** A soft ring drawn under urgent and overdue cases and alarming sensors: it pulses on a real wall. */
export function halo(colour: string): string {
  return draw(`halo:${colour}`, 96, 96, (g) => {
    const gradient = g.createRadialGradient(48, 48, 10, 48, 48, 46);
    gradient.addColorStop(0, 'rgba(0,0,0,0)');
    gradient.addColorStop(0.55, colour);
    gradient.addColorStop(1, 'rgba(0,0,0,0)');
    g.fillStyle = gradient;
    g.globalAlpha = 0.8;
    g.beginPath();
    g.arc(48, 48, 46, 0, Math.PI * 2);
    g.fill();
  });
}

/** A camera: the field of view as a wedge pointing up, and the body at the centre. */
export function cameraIcon(colour: string, ptz: boolean): string {
  return draw(`camera:${colour}:${ptz}`, 48, 48, (g) => {
    g.beginPath();
    g.moveTo(24, 24);
    g.arc(24, 24, 22, -Math.PI / 2 - 0.6, -Math.PI / 2 + 0.6);
    g.closePath();
    g.fillStyle = colour;
    g.globalAlpha = 0.45;
    g.fill();
    g.globalAlpha = 1;
    g.beginPath();
    g.arc(24, 24, 8, 0, Math.PI * 2);
    g.fillStyle = '#04101f';
    g.fill();
    g.lineWidth = 3;
    g.strokeStyle = colour;
    g.stroke();
    if (ptz) {
      g.beginPath();
      g.arc(24, 24, 3, 0, Math.PI * 2);
      g.fillStyle = colour;
      g.fill();
    }
  });
}

/** A vehicle: an arrow in the direction of travel. */
export function vehicleIcon(colour: string): string {
  return draw(`vehicle:${colour}`, 40, 40, (g) => {
    g.beginPath();
    g.moveTo(20, 3);
    g.lineTo(34, 34);
    g.lineTo(20, 27);
    g.lineTo(6, 34);
    g.closePath();
    g.fillStyle = colour;
    g.fill();
    g.lineWidth = 2;
    g.strokeStyle = '#04101f';
    g.stroke();
  });
}

/** A sensor: a round badge, a drop for water level, a cover for manholes. */
export function sensorIcon(colour: string, kind: 'water_level' | 'manhole_cover'): string {
  return draw(`sensor:${colour}:${kind}`, 36, 36, (g) => {
    g.beginPath();
    g.arc(18, 18, 15, 0, Math.PI * 2);
    g.fillStyle = '#04101f';
    g.fill();
    g.lineWidth = 3;
    g.strokeStyle = colour;
    g.stroke();
    g.fillStyle = colour;
    g.beginPath();
    if (kind === 'water_level') {
      g.moveTo(18, 8);
      g.bezierCurveTo(12, 16, 11, 19, 11, 22);
      g.arc(18, 22, 7, Math.PI, 0, true);
      g.bezierCurveTo(25, 19, 24, 16, 18, 8);
    } else {
      g.arc(18, 18, 8, 0, Math.PI * 2);
    }
    g.fill();
    if (kind === 'manhole_cover') {
      g.strokeStyle = '#04101f';
      g.lineWidth = 2;
      g.beginPath();
      g.moveTo(12, 18);
      g.lineTo(24, 18);
      g.stroke();
    }
  });
}

/** A muck truck (渣土车) seen from above: cab and tipper body, pointing along its heading. */
export function truckIcon(colour: string): string {
  return draw(`truck:${colour}`, 40, 40, (g) => {
    g.fillStyle = colour;
    g.strokeStyle = '#04101f';
    g.lineWidth = 2;
    // The tipper body behind, the cab in front (the top of the image points along the heading).
    g.beginPath();
    g.rect(11, 15, 18, 22);
    g.fill();
    g.stroke();
    g.beginPath();
    g.moveTo(13, 13);
    g.lineTo(20, 3);
    g.lineTo(27, 13);
    g.closePath();
    g.fill();
    g.stroke();
    g.strokeStyle = '#04101f';
    g.lineWidth = 1.5;
    g.beginPath();
    g.moveTo(14, 21);
    g.lineTo(26, 21);
    g.moveTo(14, 27);
    g.lineTo(26, 27);
    g.moveTo(14, 33);
    g.lineTo(26, 33);
    g.stroke();
  });
}

/** An alarm (告警): a warning triangle with "!" in the severity's colour, standing above its place. */
export function alarmIcon(colour: string): string {
  return draw(`alarm:${colour}`, 44, 40, (g) => {
    g.beginPath();
    g.moveTo(22, 3);
    g.lineTo(41, 37);
    g.lineTo(3, 37);
    g.closePath();
    g.fillStyle = colour;
    g.fill();
    g.lineWidth = 2.5;
    g.strokeStyle = '#04101f';
    g.stroke();
    g.fillStyle = '#ffffff';
    g.font = 'bold 22px "Noto Sans Mono", monospace';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText('!', 22, 25);
  });
}
