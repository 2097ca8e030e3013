/** Shared class lists, so every control has the same look and focus ring. */
export const focusRing =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600";

export const controlClass = [
  "block w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-xs",
  "placeholder:text-slate-400 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500",
  "focus:outline-none focus:ring-2 focus:ring-sky-600/40 focus:border-sky-600",
  "border-slate-300 aria-[invalid=true]:border-red-500 aria-[invalid=true]:ring-red-500/30",
].join(" ");
