"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

/** Cursor paging state: the cursors of the pages before this one, so "Previous" needs no server help. */
export function useCursorPages<TCursor = string>(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: (TCursor | undefined)[] }>({ key: resetKey, stack: [undefined] });
  // A new search or filter starts again from its first page.
  const stack = state.key === resetKey ? state.stack : [undefined];
  return {
    cursor: stack.at(-1),
    page: stack.length,
    next: (cursor: TCursor) => setState({ key: resetKey, stack: [...stack, cursor] }),
    previous: () => setState({ key: resetKey, stack: stack.slice(0, -1) }),
  };
}

type TCursorPagerProps<TCursor> = { pages: ReturnType<typeof useCursorPages<TCursor>>; nextCursor: TCursor | null | undefined; label: string };

/** Previous / next under a paged list, with the page number for screen readers and eyes alike. */
export function CursorPager<TCursor>({ pages, nextCursor, label }: TCursorPagerProps<TCursor>) {
  const t = useTranslations("common.pager");
  if (pages.page === 1 && (nextCursor === null || nextCursor === undefined)) return null;
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-3 pt-3">
      <Button variant="secondary" size="sm" disabled={pages.page === 1} onClick={pages.previous}>
        {t("previous")}
      </Button>
      <span className="text-xs text-slate-500">{t("page", { page: pages.page })}</span>
      <Button variant="secondary" size="sm" disabled={nextCursor === null || nextCursor === undefined} onClick={() => nextCursor !== null && nextCursor !== undefined && pages.next(nextCursor)}>
        {t("next")}
      </Button>
    </nav>
  );
}
