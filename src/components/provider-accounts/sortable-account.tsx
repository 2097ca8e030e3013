"use client";

import type { ReactNode } from "react";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import type { TDragHandle } from "@/components/provider-accounts/account-card";

type TSortableAccountProps = { id: string; disabled: boolean; children: (handle: TDragHandle | null) => ReactNode };

/**
 * One place in a channel's chain that can be dragged by its handle (the card's position number).
 * The whole card is not the handle, so its buttons, forms and text selection keep working.
 */
export function SortableAccount({ id, disabled, children }: TSortableAccountProps) {
  const { setNodeRef, setActivatorNodeRef, listeners, transform, transition, isDragging } = useSortable({ id, disabled });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={isDragging ? "relative z-10 opacity-80 shadow-lg" : undefined}
      data-dragging={isDragging || undefined}
    >
      {children(disabled ? null : { ref: setActivatorNodeRef, listeners })}
    </li>
  );
}
