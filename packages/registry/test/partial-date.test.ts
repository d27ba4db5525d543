import { describe, expect, it } from 'vitest';
import { DomainError, parseBirthDate } from '../src/index.js';

const today = new Date('2026-06-15T12:00:00Z');

describe('partial dates of birth', () => {
  it('accepts year, year-month and full dates', () => {
    expect(parseBirthDate('1970', 'd', today)).toEqual({ year: 1970, month: null, day: null });
    expect(parseBirthDate('1970-04', 'd', today)).toEqual({ year: 1970, month: 4, day: null });
    expect(parseBirthDate('2000-02-29', 'd', today)).toEqual({ year: 2000, month: 2, day: 29 });
    expect(parseBirthDate('2026-06-15', 'd', today).day).toBe(15);
  });

  it.each([
    ['1990-02-30', 'INVALID_DATE'],
    ['1900-02-29', 'INVALID_DATE'],
    ['1990-13', 'INVALID_DATE'],
    ['1990-00-10', 'INVALID_DATE'],
    ['1990-04-31', 'INVALID_DATE'],
    ['1850', 'INVALID_DATE'],
    ['90-01-01', 'INVALID_DATE'],
    ['2026-06-16', 'FUTURE_DATE'],
    ['2026-07', 'FUTURE_DATE'],
    ['2027', 'FUTURE_DATE'],
  ])('rejects %s with %s', (value, code) => {
    try {
      parseBirthDate(value, 'birthDate', today);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(code);
      expect((error as DomainError).field).toBe('birthDate');
    }
  });
});
