// The end of a campaign (家乡来信): once a campaign is past its end, the members whose letter is
// still silent (not reported) go to the lost-contact list with a case each, for their village's
// contact person (lost-contact.ts opens them, with the member's scope copies), and the campaign
// becomes `ended` when no letter is left. One still `sending` at its end (a stalled queue, an
// end set too close) ends the same way with the letters it made: letters steps make none past the
// end (a step that began just before it may still add its window, which a later batch hands off;
// the campaign ends only once none is left silent, and no step commits to an ended campaign).
// Run by the 15-minute sweep: a million letters take many runs, each bounded (BATCHES × CHUNK letters). A batch is one transaction (the cases and the
// letters' handed_off_at together), so a crash loses or repeats nothing, and a run again or two at
// once open no second case: the letters read are those still in campaign_letters_silent, and the
// statements only touch letters still silent.
import { FOLLOW_UP_DAYS, openCasesSql } from './lost-contact.ts';

export const HAND_OFF_CHUNK = 500;
/** Batches per campaign per run: 20,000 letters, about 80 D1 calls. */
export const HAND_OFF_BATCHES = 40;

const SILENT = 'l.reported_at IS NULL AND l.handed_off_at IS NULL';

/** A batch's letters `l` with their members `m`, for openCasesSql's `from`. */
const pickedLetters = `campaign_letters l JOIN members m ON m.id = l.member_id`;
/** Of them, those among ?1 (a JSON array of ids) of campaign ?5 still silent when the batch runs. */
const picked = `l.id IN (SELECT value FROM json_each(?1)) AND l.campaign_id = ?5 AND ${SILENT}`;

export type HandOffResult = { letters: number; opened: number; ended: string[] };

export async function handOffEndedCampaigns(d1: D1Database, now = Date.now(), o = { chunk: HAND_OFF_CHUNK, batches: HAND_OFF_BATCHES }): Promise<HandOffResult> {
  const { results: due } = await d1.prepare(`SELECT id FROM campaigns WHERE status IN ('sending', 'sent') AND ends_at <= ?1`).bind(now).all<{ id: string }>();
  const result: HandOffResult = { letters: 0, opened: 0, ended: [] };
  for (const { id } of due) {
    let left = true;
    for (let batch = 0; batch < o.batches && left; batch++) {
      // Seeks campaign_letters_silent: what earlier batches handed off, or members reported, is not in it.
      // Named: to SQLite's planner campaign_letters_campaign (campaign_id, id) looks as good, and it
      // walks past every letter handed off before.
      const { results } = await d1.prepare(`SELECT l.id FROM campaign_letters l INDEXED BY campaign_letters_silent
        WHERE l.campaign_id = ?1 AND ${SILENT} ORDER BY l.id LIMIT ?2`)
        .bind(id, o.chunk).all<{ id: string }>();
      left = results.length === o.chunk;
      if (!results.length) break;
      const ids = JSON.stringify(results.map((r) => r.id));
      const [opened, handed] = await d1.batch([
        d1.prepare(openCasesSql({ from: pickedLetters, where: picked, campaign: true })).bind(ids, now, now + FOLLOW_UP_DAYS * 86_400_000, null, id),
        d1.prepare(`UPDATE campaign_letters AS l SET handed_off_at = ?2 WHERE ${picked}`).bind(ids, now, null, null, id),
      ]);
      result.opened += opened!.meta.changes;
      result.letters += handed!.meta.changes;
    }
    if (left) continue;
    // Ended only with no silent letter left (a run that stopped at its cap continues next time).
    const { meta } = await d1.prepare(`UPDATE campaigns SET status = 'ended', ended_at = ?2, updated_at = ?2 WHERE id = ?1 AND status IN ('sending', 'sent')
      AND NOT EXISTS (SELECT 1 FROM campaign_letters l WHERE l.campaign_id = ?1 AND ${SILENT})`).bind(id, now).run();
    if (meta.changes) result.ended.push(id);
  }
  return result;
}
