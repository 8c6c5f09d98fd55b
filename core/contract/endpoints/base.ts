// Base data every part reads: the class dictionary, departments, geocoding, the working calendar.
import { Type } from 'typebox';
import { CalendarResponse, CalendarWarning, Department, DictionaryResponse, GeocodeResult } from '../cases.js';
import { endpoint } from '../endpoint.js';

const DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

export const baseEndpoints = {
  'dictionary.get': endpoint({
    method: 'GET', path: '/api/dictionary', access: 'signed-in', tag: 'base data', summary: 'Classes of the active standard (or of ?standard=)',
    query: Type.Object({ standard: Type.Optional(Type.String({ maxLength: 40 })) }),
    responses: { 200: DictionaryResponse },
  }),
  'departments.list': endpoint({
    method: 'GET', path: '/api/departments', access: 'signed-in', tag: 'base data', summary: 'All departments',
    responses: { 200: Type.Object({ items: Type.Array(Department) }) },
  }),
  'geocode.forward': endpoint({
    method: 'GET', path: '/api/geocode', access: 'signed-in', tag: 'geocoding', summary: 'Find an address, door plate or place of the county',
    query: Type.Object({ q: Type.String({ minLength: 1, maxLength: 200 }) }),
    responses: { 200: GeocodeResult },
  }),
  'geocode.reverse': endpoint({
    method: 'GET', path: '/api/geocode/reverse', access: 'signed-in', tag: 'geocoding', summary: 'The grid, community, street and nearest door plate of a point',
    query: Type.Object({ lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) }),
    responses: { 200: GeocodeResult },
  }),
  'calendar.get': endpoint({
    method: 'GET', path: '/api/calendar', access: 'signed-in', tag: 'workflow settings', summary: 'Working periods, weekend days, and dated holidays and make-up days',
    query: Type.Object({ from: Type.Optional(Type.String({ pattern: DATE })), to: Type.Optional(Type.String({ pattern: DATE })) }),
    responses: { 200: CalendarResponse },
  }),
  'calendar.warnings': endpoint({
    method: 'GET', path: '/api/calendar/warnings', access: 'signed-in', tag: 'workflow settings',
    summary: 'Years whose holidays and 调休 days are missing (shown in 系统维护 and on the wall)',
    responses: { 200: Type.Object({ items: Type.Array(CalendarWarning) }) },
  }),
};
