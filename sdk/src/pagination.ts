// Cursor pagination as one object that is both a promise of the first page and an
// async iterator over every item of every page (as stripe-node does).
import type { CursorPage } from '../../schema/common.ts';

export type { CursorPage };

/**
 * A list's parameters as callers pass them: the schema's query, its `limit` a plain number (the
 * query's own type of it is what the URL carries, before the API coerces it).
 */
export type ListParams<Q> = Omit<Q, 'limit'> & { limit?: number };

export class PageRequest<P extends CursorPage<unknown>> implements PromiseLike<P>, AsyncIterable<P['data'][number]> {
  private first: Promise<P> | undefined;

  constructor(private readonly load: (cursor: string | undefined) => Promise<P>, private readonly cursor?: string) {}

  /** Lazy: nothing is requested until the page is awaited or iterated, and it is requested once. */
  private firstPage(): Promise<P> {
    return (this.first ??= this.load(this.cursor));
  }

  then<A = P, B = never>(
    onFulfilled?: ((page: P) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.firstPage().then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<P | B> {
    return this.firstPage().catch(onRejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<P['data'][number]> {
    let page = await this.firstPage();
    for (;;) {
      yield* page.data;
      if (!page.nextCursor) return;
      page = await this.load(page.nextCursor);
    }
  }
}
