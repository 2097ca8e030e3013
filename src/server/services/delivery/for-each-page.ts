/**
 * Walks rows in id order, a page at a time. Keyset paging, so rows that change meanwhile (as sweeps
 * change them) are neither skipped nor visited twice.
 */
export async function forEachPage<T extends { id: string }>(
  pageSize: number,
  fetchPage: (after: string | undefined) => Promise<T[]>,
  visit: (page: T[]) => Promise<void>,
): Promise<void> {
  let after: string | undefined;
  for (;;) {
    const page = await fetchPage(after);
    if (page.length > 0) await visit(page);
    if (page.length < pageSize) return;
    after = page.at(-1)!.id;
  }
}
