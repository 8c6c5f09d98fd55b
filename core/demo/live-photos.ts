// Disposal photos (处置后照片) for the live demo's departments: the workflow asks for one on
// every 处置反馈 (a county setting), as it does of people. A few small JPEG scenes drawn once
// with @napi-rs/canvas and stamped 示范 so no one takes them for evidence; the attachment
// store keeps each picture once by its SHA-256, however many cases it is attached to.
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';

const SCENES = [
  { sky: '#9cc7e8', ground: '#8d8f8a', accent: '#3f7d4f', label: '道路已清扫' },
  { sky: '#b5d3ea', ground: '#a39a8a', accent: '#c0392b', label: '占道物品已清理' },
  { sky: '#a9c9df', ground: '#7f8588', accent: '#2e86c1', label: '井盖已更换' },
  { sky: '#c4dbe9', ground: '#96938c', accent: '#d68910', label: '小广告已清除' },
  { sky: '#a3c4dc', ground: '#8a8c84', accent: '#7d3c98', label: '车辆已驶离' },
  { sky: '#b9d5e6', ground: '#9b978e', accent: '#1e8449', label: '绿地已整治' },
] as const;

function fontFamily(): string | null {
  const families = new Set(GlobalFonts.families.map((f) => f.family));
  return ['Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK JP'].find((f) => families.has(f)) ?? null;
}

/** The scenes as JPEG bytes (about 10 KB each). */
export function disposalPhotos(): Buffer[] {
  const family = fontFamily();
  return SCENES.map((scene, k) => {
    const canvas = createCanvas(480, 360);
    const g = canvas.getContext('2d');
    g.fillStyle = scene.sky;
    g.fillRect(0, 0, 480, 170);
    // A street in perspective: the kerbs meet at the horizon.
    g.fillStyle = scene.ground;
    g.fillRect(0, 170, 480, 190);
    g.fillStyle = '#6b6e70';
    g.beginPath();
    g.moveTo(200, 170);
    g.lineTo(280, 170);
    g.lineTo(470, 360);
    g.lineTo(10, 360);
    g.closePath();
    g.fill();
    g.strokeStyle = '#f2f2f2';
    g.lineWidth = 4;
    g.setLineDash([18, 16]);
    g.beginPath();
    g.moveTo(240, 172);
    g.lineTo(240, 360);
    g.stroke();
    g.setLineDash([]);
    // Buildings on both sides, and the thing that was put right.
    for (let b = 0; b < 4; b++) {
      g.fillStyle = b % 2 ? '#c9c3b8' : '#d9d2c4';
      g.fillRect(b * 45, 60 + ((b + k) % 3) * 20, 42, 110);
      g.fillRect(480 - (b + 1) * 45, 70 + ((b + 2 * k) % 3) * 18, 42, 100);
    }
    g.fillStyle = scene.accent;
    g.fillRect(330 + (k % 3) * 20, 250, 60, 40);
    if (family) {
      g.font = `22px "${family}"`;
      g.fillStyle = 'rgba(0, 0, 0, 0.55)';
      g.fillRect(0, 316, 480, 44);
      g.fillStyle = '#ffffff';
      g.fillText(`处置后照片 · ${scene.label}（示范）`, 14, 346);
    }
    return canvas.toBuffer('image/jpeg', 80);
  });
}
