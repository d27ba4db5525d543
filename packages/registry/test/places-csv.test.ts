import { describe, expect, it } from 'vitest';
import { DomainError, parsePlacesCsv } from '../src/index.js';
import { readBuiltinPlaces } from '../src/geography/places-csv.js';

describe('administrative geography CSV', () => {
  it('ships Mali: regions, the District of Bamako with its six communes, cercles and communes', () => {
    const places = readBuiltinPlaces();
    const regions = places.filter((p) => p.level === 'region');
    expect(regions.map((r) => r.name)).toContain('District de Bamako');
    expect(regions.length).toBeGreaterThanOrEqual(11);
    expect(places.filter((p) => p.parent_code === '1101')).toHaveLength(6);
    for (const region of regions) {
      const cercles = places.filter((p) => p.parent_code === region.code);
      expect(cercles.length).toBeGreaterThan(0);
      expect(places.some((p) => p.level === 'commune' && cercles.some((c) => c.code === p.parent_code))).toBe(true);
    }
    expect(new Set(places.map((p) => p.code)).size).toBe(places.length);
  });

  it.each([
    ['code,name,level,parent_code\n01,X,cercle,\n', 'parent_code'],
    ['code,name,level,parent_code\n01,X,region,\n0101,Y,commune,01\n', 'parent_code'],
    ['code,name,level,parent_code\n01,,region,\n', 'name'],
    ['code,name,level,parent_code\n01,X,province,\n', 'level'],
    ['code,name,level,parent_code\n0 1,X,region,\n', 'code'],
  ])('rejects a broken hierarchy or field', (csv, field) => {
    expect(() => parsePlacesCsv(csv)).toThrow(DomainError);
    try {
      parsePlacesCsv(csv);
    } catch (error) {
      expect((error as DomainError).field).toBe(field);
    }
  });

  it('accepts children of places already known', () => {
    const places = parsePlacesCsv('code,name,level,parent_code\n0101009,Nouvelle commune,commune,0101\n', new Map([['0101', 'cercle']]));
    expect(places).toEqual([{ code: '0101009', name: 'Nouvelle commune', level: 'commune', parent_code: '0101' }]);
  });
});
