import { describe, expect, it } from 'vitest';
import { parseShellOptions, ShellOptionError } from '../../electron/options.js';
import { designForDisplay, planWindows, type DisplayInfo } from '../../electron/windows.js';

const display = (id: number, x: number, primary = false, width = 1920, height = 1080): DisplayInfo => ({
  id,
  bounds: { x, y: 0, width, height },
  workArea: { x, y: 0, width, height: height - 40 },
  primary,
});

describe('window plan', () => {
  it('opens one framed, centred desk window on a single display', () => {
    const [plan, ...rest] = planWindows([display(1, 0, true)], { wall: false });
    expect(rest).toEqual([]);
    expect(plan).toMatchObject({ displayId: 1, fullscreen: false, frame: true, route: '/' });
    expect(plan!.bounds.width / plan!.bounds.height).toBeCloseTo(16 / 9, 2);
    expect(plan!.bounds.x + plan!.bounds.width / 2).toBeCloseTo(960, 0);
    expect(plan!.bounds.y).toBeGreaterThanOrEqual(0);
    expect(plan!.bounds.y + plan!.bounds.height).toBeLessThanOrEqual(1040);
  });

  it('puts the desk window on the primary display even when it is not the first listed', () => {
    const plans = planWindows([display(7, -1920), display(8, 0, true)], { wall: false });
    expect(plans.map((p) => p.displayId)).toEqual([8]);
  });

  it('fills a single display with the wall in wall mode', () => {
    expect(planWindows([display(1, 0, true)], { wall: true })).toEqual([
      { displayId: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, fullscreen: true, frame: false, route: '/wall' },
    ]);
  });

  it('gives each of two displays its own frameless full-screen window and section', () => {
    const plans = planWindows([display(2, 1920), display(1, 0, true)], { wall: true });
    expect(plans.map((p) => [p.displayId, p.route, p.fullscreen, p.frame, p.bounds.x])).toEqual([
      [1, '/wall', true, false, 0],
      [2, '/video', true, false, 1920],
    ]);
  });

  it('orders three displays primary first, then left to right, and follows chosen routes', () => {
    const plans = planWindows([display(3, 3840), display(2, -1920), display(1, 0, true)], { wall: true, wallRoutes: ['/wall', '/heatmap'] });
    expect(plans.map((p) => [p.displayId, p.route])).toEqual([
      [1, '/wall'],
      [2, '/heatmap'],
      [3, '/wall'],
    ]);
  });

  it('refuses to plan with no display at all', () => {
    expect(() => planWindows([], { wall: false })).toThrow(/no display/);
  });
});

describe('shell options', () => {
  it('default to a desk window and the full demo county', () => {
    // No data folder of its own: core's default, so the desktop and `gridhall serve` share the county.
    expect(parseShellOptions(['/app'], {})).toEqual({ wall: false, wallRoutes: undefined, demoSize: 'full', dataDir: undefined, mqttPort: 1883, simulate: true });
  });

  it('read flags before the environment', () => {
    const options = parseShellOptions(['/app', '--wall', '--wall-routes=/wall,/video', '--demo', 'small', '--data=/srv/county', '--mqtt-port=off', '--no-simulate'], {
      GRIDHALL_DEMO_SIZE: 'none',
      GRIDHALL_DATA: '/elsewhere',
      GRIDHALL_MQTT_PORT: '2883',
    });
    expect(options).toEqual({ wall: true, wallRoutes: ['/wall', '/video'], demoSize: 'small', dataDir: '/srv/county', mqttPort: null, simulate: false });
  });

  it('read the environment when no flag is given', () => {
    expect(parseShellOptions([], { GRIDHALL_WALL: '1', GRIDHALL_WALL_ROUTES: '/video', GRIDHALL_DEMO_SIZE: 'none', GRIDHALL_MQTT_PORT: '2883', GRIDHALL_SIMULATE: '0' })).toMatchObject({
      wall: true,
      wallRoutes: ['/video'],
      demoSize: 'none',
      mqttPort: 2883,
      simulate: false,
    });
  });

  it('refuse a wall route that leaves the console, and an unknown demo size', () => {
    expect(() => parseShellOptions(['--wall-routes=https://example.com/'], {})).toThrow(ShellOptionError);
    expect(() => parseShellOptions(['--wall-routes=//evil/'], {})).toThrow(/console path/);
    expect(() => parseShellOptions(['--demo=huge'], {})).toThrow(/small, full or none/);
    expect(() => parseShellOptions(['--mqtt-port=99999'], {})).toThrow(ShellOptionError);
    expect(() => parseShellOptions([], { GRIDHALL_MQTT_PORT: 'mqtt' })).toThrow(/GRIDHALL_MQTT_PORT must be a port number or "off"/);
  });

  it('gives each wall display the stage design of its proportions', () => {
    const plans = planWindows([display(1, 0, true), display(2, 1920, false, 3840, 1080), display(3, 5760, false, 5760, 2160), display(4, 11520, false, 2560, 1440)], { wall: true, wallRoutes: ['/wall'] });
    expect(plans.map((p) => p.route)).toEqual(['/wall', '/wall?design=3840x1080', '/wall?design=5760x2160', '/wall']);
    expect(designForDisplay({ width: 5120, height: 1440 })).toBe('3840x1080'); // a 32:9 monitor
  });
});
