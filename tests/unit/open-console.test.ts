import { describe, expect, it } from 'vitest';
import { chromiumAppArgs, hasDisplay } from '../../core/cli/open-console.js';

describe('the Chromium app window npm start opens', () => {
  it('shows the console alone, in Chinese, with its own profile in the data folder and no traffic of its own', () => {
    const args = chromiumAppArgs('http://127.0.0.1:12319', '/srv/county/console-profile', false);
    expect(args).toContain('--app=http://127.0.0.1:12319');
    expect(args).toContain('--user-data-dir=/srv/county/console-profile');
    expect(args).toContain('--lang=zh-CN');
    expect(args).toEqual(expect.arrayContaining(['--disable-background-networking', '--disable-component-update', '--disable-sync']));
    expect(args).not.toContain('--no-sandbox');
    expect(chromiumAppArgs('http://127.0.0.1:12319', '/p', true)).toContain('--no-sandbox');
  });

  it('is opened only where there is a display', () => {
    expect(hasDisplay({ DISPLAY: ':0' })).toBe(true);
    if (process.platform === 'linux') expect(hasDisplay({})).toBe(false);
  });
});
