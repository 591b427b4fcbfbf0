// Open now / next opening around midnight, exceptions and time zones (in the Workers runtime's Intl).
import { describe, expect, it } from 'vitest';
import { openingState, type HoursException, type WeeklySlot } from '../../worker/src/lib/opening-hours.ts';

const SH = 'Asia/Shanghai';
/** A Shanghai wall time as an instant (2026-11-23 is a Monday). */
const sh = (local: string) => Date.parse(`${local}:00+08:00`);
const iso = (local: string, offset = '+08:00') => new Date(Date.parse(`${local}:00${offset}`)).toISOString();
const every = (opens: string, closes: string, days = [0, 1, 2, 3, 4, 5, 6]): WeeklySlot[] => days.map((weekday) => ({ weekday, opens, closes }));

describe('opening hours', () => {
  const tueToSun = every('09:00', '18:00', [0, 2, 3, 4, 5, 6]);

  it('is open inside a slot, with its closing time', () => {
    expect(openingState(tueToSun, [], SH, sh('2026-11-24T10:00'))).toEqual({ openNow: true, closesAt: iso('2026-11-24T18:00') });
  });

  it('opens at the start and is closed at the closing minute', () => {
    expect(openingState(tueToSun, [], SH, sh('2026-11-24T09:00')).openNow).toBe(true);
    expect(openingState(tueToSun, [], SH, sh('2026-11-24T18:00'))).toEqual({ openNow: false, nextOpening: iso('2026-11-25T09:00') });
  });

  it('skips a closed weekday: Sunday evening → Tuesday morning, across the week wrap', () => {
    expect(openingState(tueToSun, [], SH, sh('2026-11-22T19:00'))).toEqual({ openNow: false, nextOpening: iso('2026-11-24T09:00') });
  });

  it('Saturday late hours past midnight keep it open early on Sunday, and Sunday→Monday wraps too', () => {
    const late = [{ weekday: 6, opens: '20:00', closes: '02:00' }, { weekday: 0, opens: '22:00', closes: '01:00' }];
    expect(openingState(late, [], SH, sh('2026-11-29T01:30'))).toEqual({ openNow: true, closesAt: iso('2026-11-29T02:00') });
    expect(openingState(late, [], SH, sh('2026-11-29T02:00'))).toEqual({ openNow: false, nextOpening: iso('2026-11-29T22:00') });
    expect(openingState(late, [], SH, sh('2026-11-30T00:30'))).toEqual({ openNow: true, closesAt: iso('2026-11-30T01:00') });
  });

  it('joins back-to-back slots into one closing time', () => {
    const slots = [{ weekday: 1, opens: '18:00', closes: '00:00' }, { weekday: 2, opens: '00:00', closes: '03:00' }];
    expect(openingState(slots, [], SH, sh('2026-11-23T23:00'))).toEqual({ openNow: true, closesAt: iso('2026-11-24T03:00') });
  });

  it('handles two slots a day (market morning and evening)', () => {
    const market = [...every('05:30', '11:30'), ...every('17:00', '20:00')];
    expect(openingState(market, [], SH, sh('2026-11-24T12:00'))).toEqual({ openNow: false, nextOpening: iso('2026-11-24T17:00') });
    expect(openingState(market, [], SH, sh('2026-11-24T21:00'))).toEqual({ openNow: false, nextOpening: iso('2026-11-25T05:30') });
  });

  it('a holiday closure on the day closes it, and the next opening skips it', () => {
    const holiday: HoursException[] = [{ date: '2026-11-24', opens: null, closes: null }];
    expect(openingState(tueToSun, holiday, SH, sh('2026-11-24T10:00'))).toEqual({ openNow: false, nextOpening: iso('2026-11-25T09:00') });
    expect(openingState(tueToSun, holiday, SH, sh('2026-11-23T12:00')).nextOpening).toBe(iso('2026-11-25T09:00'));
  });

  it('special hours replace the day\'s hours', () => {
    const short: HoursException[] = [{ date: '2026-11-24', opens: '13:00', closes: '16:00' }];
    expect(openingState(tueToSun, short, SH, sh('2026-11-24T10:00'))).toEqual({ openNow: false, nextOpening: iso('2026-11-24T13:00') });
    expect(openingState(tueToSun, short, SH, sh('2026-11-24T15:00'))).toEqual({ openNow: true, closesAt: iso('2026-11-24T16:00') });
  });

  it('an exception on the day before governs its hours past midnight', () => {
    const late = every('20:00', '02:00');
    const closedYesterday: HoursException[] = [{ date: '2026-11-23', opens: null, closes: null }];
    expect(openingState(late, closedYesterday, SH, sh('2026-11-24T01:00'))).toEqual({ openNow: false, nextOpening: iso('2026-11-24T20:00') });
    const longerYesterday: HoursException[] = [{ date: '2026-11-23', opens: '20:00', closes: '04:00' }];
    expect(openingState(late, longerYesterday, SH, sh('2026-11-24T03:00'))).toEqual({ openNow: true, closesAt: iso('2026-11-24T04:00') });
  });

  it('reads hours in the station\'s zone: the same instant differs in Urumqi (UTC+6)', () => {
    const now = sh('2026-11-24T10:00'); // 08:00 in Urumqi
    expect(openingState(tueToSun, [], 'Asia/Urumqi', now)).toEqual({ openNow: false, nextOpening: iso('2026-11-24T09:00', '+06:00') });
    // 00:30 in Shanghai on Wednesday is still 22:30 on Tuesday in Urumqi.
    const evening = every('20:00', '23:00', [2]);
    expect(openingState(evening, [], 'Asia/Urumqi', sh('2026-11-25T00:30'))).toEqual({ openNow: true, closesAt: iso('2026-11-24T23:00', '+06:00') });
    expect(openingState(evening, [], SH, sh('2026-11-25T00:30')).openNow).toBe(false);
  });

  it('uses the right offset on both sides of a DST change (Europe/Berlin)', () => {
    const berlin = 'Europe/Berlin';
    // Summer time ends 2026-10-25 (Sunday) at 03:00 CEST → 02:00 CET.
    const nineToFive = every('09:00', '17:00');
    expect(openingState(nineToFive, [], berlin, Date.parse('2026-10-24T18:00:00+02:00')))
      .toEqual({ openNow: false, nextOpening: iso('2026-10-25T09:00', '+01:00') });
    expect(openingState(nineToFive, [], berlin, Date.parse('2026-10-26T10:00:00+01:00')))
      .toEqual({ openNow: true, closesAt: iso('2026-10-26T17:00', '+01:00') });
    // Summer time starts 2026-03-29: a slot crossing the change closes at the summer offset.
    expect(openingState(every('22:00', '06:00'), [], berlin, Date.parse('2026-03-29T01:30:00+01:00')))
      .toEqual({ openNow: true, closesAt: iso('2026-03-29T06:00', '+02:00') });
  });

  it('a week with no hours is never open and has no next opening', () => {
    expect(openingState([], [], SH, sh('2026-11-24T10:00'))).toEqual({ openNow: false });
  });

  it('looks past a closure longer than a week for the next opening', () => {
    const closed: HoursException[] = Array.from({ length: 20 }, (_, i) => ({ date: `2026-12-${String(i + 1).padStart(2, '0')}` }));
    expect(openingState(tueToSun, closed, SH, sh('2026-11-30T19:00'))).toEqual({ openNow: false, nextOpening: iso('2026-12-22T09:00') });
  });

  it('open round the clock: closes only where the hours stop', () => {
    const always = every('00:00', '00:00', [1, 2, 3, 4, 5, 6]); // 24 hours, Monday to Saturday
    expect(openingState(always, [], SH, sh('2026-11-24T10:00'))).toEqual({ openNow: true, closesAt: iso('2026-11-29T00:00') });
    const noBreak = every('00:00', '00:00');
    expect(openingState(noBreak, [{ date: '2027-01-10' }], SH, sh('2026-11-24T10:00'))).toEqual({ openNow: true, closesAt: iso('2027-01-10T00:00') });
  });

  it('special hours on an otherwise closed day open it', () => {
    const open: HoursException[] = [{ date: '2026-11-23', opens: '10:00', closes: '12:00' }];
    expect(openingState(tueToSun, open, SH, sh('2026-11-23T11:00'))).toEqual({ openNow: true, closesAt: iso('2026-11-23T12:00') });
  });
});
