// Lists whose pages each look through a fixed number of rows and list those that match (未报到, the
// people behind a funnel count): a page may list few or none while its cursor goes on, so a load
// fetches pages until enough are listed, a bounded number are read, or the list ends.
import type { CursorPage } from '../../schema/common.ts';
import { api } from './api.ts';

/** Rows the server looks through per page (its maximum). */
export const SPARSE_PAGE_SIZE = 100;
/** Pages fetched per load, and rows that are enough to stop early: a load asks at most this much of the server. */
const MAX_PAGES = 10;
const ENOUGH = 50;

/** The pages of one load from `cursor` on; `query` gets `limit` and each page's `cursor`. */
export async function* sparsePages<T>(path: string, query: URLSearchParams, cursor: string | null): AsyncGenerator<CursorPage<T>> {
  query.set('limit', String(SPARSE_PAGE_SIZE));
  let found = 0;
  for (let pages = 0; pages < MAX_PAGES && found < ENOUGH; pages += 1) {
    if (cursor) query.set('cursor', cursor);
    const page = await api<CursorPage<T>>(`${path}?${query}`);
    yield page;
    cursor = page.nextCursor;
    found += page.data.length;
    if (!cursor) return;
  }
}
