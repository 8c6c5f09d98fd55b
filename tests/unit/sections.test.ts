// The console offers a section only to roles the server serves there: a department user must not
// find 热力分析 or 综合评价 in the navigation only to meet "没有权限执行此操作" and empty panels.
import { describe, expect, it } from 'vitest';
import type { RoleCode } from '../../core/contract/index.js';
import { VIEWERS } from '../../core/contract/roles.js';
import { canOpen, sectionById } from '../../renderer/sections.js';

const sorted = (roles: readonly string[]) => [...roles].sort();
const allowed = (id: 'heatmap' | 'evaluation') => sorted(sectionById(id).roles ?? []);

describe('sections and the server agree on who may open them', () => {
  it('offers 热力分析 and 综合评价 to exactly the roles their API answers', () => {
    expect(allowed('heatmap')).toEqual(sorted(VIEWERS));
    expect(allowed('evaluation')).toEqual(sorted(VIEWERS));
  });

  it('keeps a department user and an inspector to the sections they can use', () => {
    for (const roles of [['department'], ['inspector']] as RoleCode[][]) {
      expect(canOpen(sectionById('heatmap'), roles)).toBe(false);
      expect(canOpen(sectionById('evaluation'), roles)).toBe(false);
      expect(canOpen(sectionById('workbench'), roles)).toBe(true);
    }
    expect(canOpen(sectionById('evaluation'), ['analyst'])).toBe(true);
  });
});
