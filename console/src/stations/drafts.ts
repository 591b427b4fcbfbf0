// The editable lists of a station (weekly hours, special dates, volunteer teams) as drafts the
// forms change row by row, and what each sends: `PUT /v1/stations/{id}/hours` and
// `…/volunteer-teams` replace the whole list, so a draft starts from the station as last read.
import type { LocalizedText } from '../../../schema/common.ts';
import type { Station } from '../../../schema/stations.ts';
import type { StationHoursPut, VolunteerTeamsPut } from '../../../schema/station-edits.ts';

/** A part of the screen that saves on its own. */
export type Section = 'details' | 'hours' | 'teams' | `service-${string}`;

export type Slot = { weekday: number; opens: string; closes: string };
export type SpecialDate = { date: string; closed: boolean; opens: string; closes: string; note: LocalizedText };
export type TeamDraft = { id?: string; name: LocalizedText; description: LocalizedText };

export const slotsOf = (s: Station): Slot[] => s.hours.map((h) => ({ ...h }));
export const datesOf = (s: Station): SpecialDate[] => s.exceptions.map((e) => ({
  date: e.date, closed: e.closed || !e.opens, opens: e.opens ?? '09:00', closes: e.closes ?? '17:00', note: { ...e.note },
}));
export const teamsOf = (s: Station): TeamDraft[] => s.volunteerTeams.map((t) => ({ id: t.id, name: { ...t.name }, description: { ...t.description } }));

export const hoursBody = (slots: Slot[], dates: SpecialDate[]): StationHoursPut => ({
  hours: slots.map(({ weekday, opens, closes }) => ({ weekday, opens, closes })),
  exceptions: dates.map((d) => ({ date: d.date, opens: d.closed ? null : d.opens, closes: d.closed ? null : d.closes, note: d.note })),
});

export const teamsBody = (teams: TeamDraft[]): VolunteerTeamsPut => ({
  teams: teams.map((t) => ({ ...(t.id ? { id: t.id } : {}), name: t.name, description: t.description })),
});

/** `YYYY-MM-DD`, `days` after today in Shanghai: a new special date's first value. */
export const dayAhead = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
