import { invalid } from '../errors.js';

export interface PartialDate {
  year: number;
  month: number | null;
  day: number | null;
}

const EARLIEST_YEAR = 1880;

/**
 * Validates a date of birth that may be partial (YYYY, YYYY-MM, YYYY-MM-DD):
 * a real calendar date (no 30 February), not in the future, not before 1880.
 */
export function parseBirthDate(value: string, field = 'birthDate', today: Date = new Date()): PartialDate {
  const match = /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$/.exec(value);
  if (!match) throw invalid('INVALID_DATE', 'date must be YYYY, YYYY-MM or YYYY-MM-DD', field);
  const year = Number(match[1]);
  const month = match[2] === undefined ? null : Number(match[2]);
  const day = match[3] === undefined ? null : Number(match[3]);
  if (year < EARLIEST_YEAR) throw invalid('INVALID_DATE', `year must be ${EARLIEST_YEAR} or later`, field);
  if (month !== null && (month < 1 || month > 12)) throw invalid('INVALID_DATE', `month ${month} does not exist`, field);
  if (day !== null && month !== null) {
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day < 1 || day > daysInMonth) throw invalid('INVALID_DATE', `${value} is not a date: month ${month} of ${year} has ${daysInMonth} days`, field);
  }
  // The earliest instant the partial date can denote must not be in the future.
  const earliest = Date.UTC(year, (month ?? 1) - 1, day ?? 1);
  const endOfToday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (earliest > endOfToday) throw invalid('FUTURE_DATE', 'date of birth is in the future', field);
  return { year, month, day };
}
