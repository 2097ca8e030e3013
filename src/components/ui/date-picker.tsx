"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useLocale, useTranslations } from "next-intl";
import { controlClass, focusRing } from "@/components/ui/styles";

/** A day as "YYYY-MM-DD"; its instant is midnight UTC, so no time zone moves it to a neighbour. */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function parseDay(value: string): Date | null {
  const match = DAY.exec(value);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) ? null : date;
}
const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const monthStart = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
const addMonths = (date: Date, months: number) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
const today = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
};

export type TDatePickerProps = {
  id: string;
  /** "YYYY-MM-DD", or "" for no date. */
  value: string;
  onChange: (value: string) => void;
  invalid?: boolean;
  describedBy?: string;
  className?: string;
};

/**
 * A date chosen from a month calendar in the page's language. A native date input
 * shows the browser's language and format instead (an Arabic page in an English
 * browser reads "mm/dd/yyyy"), which is why the filters use this. The button is named
 * by the element `${id}-label` and the date it shows; arrows move by day and week, Page Up/Down by
 * month, Enter picks, Escape closes.
 */
export function DatePicker({ id, value, onChange, invalid, describedBy, className = "" }: TDatePickerProps) {
  const t = useTranslations("common.datePicker");
  const locale = useLocale();
  const dialogId = useId();
  const chosen = parseDay(value);
  const [open, setOpen] = useState(false);
  const [focused, setFocused] = useState<Date>(() => chosen ?? today());
  const root = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLDivElement>(null);

  const long = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const short = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const title = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" });
  const weekday = new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" });
  const number = new Intl.NumberFormat(locale);

  // A click outside closes the calendar, as a native picker does.
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);
  // Keyboard focus follows the focused day.
  useEffect(() => {
    if (open) grid.current?.querySelector<HTMLButtonElement>(`[data-day="${dayOf(focused)}"]`)?.focus();
  }, [open, focused]);

  function toggle() {
    setFocused(chosen ?? today());
    setOpen(!open);
  }
  function pick(date: Date | null) {
    onChange(date ? dayOf(date) : "");
    setOpen(false);
    root.current?.querySelector<HTMLButtonElement>(`#${CSS.escape(id)}`)?.focus();
  }
  const rtl = typeof document !== "undefined" && document.documentElement.dir === "rtl";
  function onGridKey(event: KeyboardEvent) {
    const step: Record<string, number> = { ArrowLeft: rtl ? 1 : -1, ArrowRight: rtl ? -1 : 1, ArrowUp: -7, ArrowDown: 7 };
    if (event.key in step) setFocused(new Date(focused.getTime() + step[event.key]! * DAY_MS));
    else if (event.key === "PageUp" || event.key === "PageDown") {
      const moved = addMonths(focused, event.key === "PageUp" ? -1 : 1);
      const lastDay = new Date(Date.UTC(moved.getUTCFullYear(), moved.getUTCMonth() + 1, 0)).getUTCDate();
      setFocused(new Date(Date.UTC(moved.getUTCFullYear(), moved.getUTCMonth(), Math.min(focused.getUTCDate(), lastDay))));
    } else if (event.key === "Escape") pick(chosen);
    else return;
    event.preventDefault();
  }

  const month = monthStart(focused);
  // Weeks start on Sunday, as in Saudi Arabia's calendar; blanks before the first.
  const lead = month.getUTCDay();
  const days = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0)).getUTCDate();
  const cells = [...Array.from({ length: lead }, () => null), ...Array.from({ length: days }, (_, i) => new Date(month.getTime() + i * DAY_MS))];
  const weeks = Array.from({ length: Math.ceil(cells.length / 7) }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  const now = today();
  const weekdays = Array.from({ length: 7 }, (_, i) => weekday.format(new Date(Date.UTC(2026, 0, 4 + i)))); // 4 January 2026 is a Sunday

  return (
    <div ref={root} className={`relative ${className}`}>
      <button
        type="button"
        id={id}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? dialogId : undefined}
        aria-labelledby={`${id}-label ${id}-value`}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        data-value={value}
        onClick={toggle}
        className={`${controlClass} text-start ${chosen ? "" : "text-slate-500"}`}
      >
        <span id={`${id}-value`}>{chosen ? short.format(chosen) : t("none")}</span>
      </button>
      {open && (
        <div id={dialogId} role="dialog" aria-label={t("dialog")} className="absolute start-0 z-30 mt-1 w-72 rounded-lg border border-slate-200 bg-white p-3 shadow-lg">
          <div className="mb-2 flex items-center justify-between gap-2">
            <button type="button" onClick={() => setFocused(addMonths(focused, -1))} aria-label={t("previousMonth")} className={`rounded px-2 py-1 text-slate-700 hover:bg-slate-100 ${focusRing}`}>
              <span aria-hidden className="inline-block rtl:-scale-x-100">
                ‹
              </span>
            </button>
            <p className="text-sm font-semibold text-slate-900" aria-live="polite">
              {title.format(month)}
            </p>
            <button type="button" onClick={() => setFocused(addMonths(focused, 1))} aria-label={t("nextMonth")} className={`rounded px-2 py-1 text-slate-700 hover:bg-slate-100 ${focusRing}`}>
              <span aria-hidden className="inline-block rtl:-scale-x-100">
                ›
              </span>
            </button>
          </div>
          <div ref={grid} role="grid" aria-label={title.format(month)} onKeyDown={onGridKey} className="grid grid-cols-7 gap-0.5 text-center text-sm">
            <div role="row" className="contents">
              {weekdays.map((name) => (
                <span key={name} role="columnheader" className="py-1 text-xs font-medium text-slate-500">
                  {name}
                </span>
              ))}
            </div>
            {weeks.map((week, w) => (
              <div key={w} role="row" className="contents">
                {week.map((date, i) =>
                  date ? (
                    <span key={dayOf(date)} role="gridcell" aria-selected={value === dayOf(date)}>
                      <button
                        type="button"
                        data-day={dayOf(date)}
                        tabIndex={date.getTime() === focused.getTime() ? 0 : -1}
                        aria-label={long.format(date)}
                        aria-current={date.getTime() === now.getTime() ? "date" : undefined}
                        onClick={() => pick(date)}
                        className={`w-full rounded py-1.5 ${focusRing} ${
                          value === dayOf(date) ? "bg-sky-700 text-white" : date.getTime() === now.getTime() ? "font-semibold text-sky-800 ring-1 ring-sky-300" : "text-slate-800 hover:bg-slate-100"
                        }`}
                      >
                        {number.format(date.getUTCDate())}
                      </button>
                    </span>
                  ) : (
                    <span key={`blank-${i}`} role="gridcell" />
                  ),
                )}
              </div>
            ))}
          </div>
          <div className="mt-2 flex justify-between gap-2 text-sm">
            <button type="button" onClick={() => pick(today())} className={`rounded px-2 py-1 font-medium text-sky-800 hover:bg-sky-50 ${focusRing}`}>
              {t("today")}
            </button>
            <button type="button" onClick={() => pick(null)} className={`rounded px-2 py-1 font-medium text-slate-700 hover:bg-slate-100 ${focusRing}`}>
              {t("clear")}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
