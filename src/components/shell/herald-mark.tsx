/** Herald's wordmark: a simple signal glyph and the name, no image assets. */
export function HeraldMark({ size = "md" }: { size?: "md" | "lg" }) {
  const box = size === "lg" ? "size-9 text-lg" : "size-7 text-sm";
  return (
    <span className="inline-flex items-center gap-2">
      <span aria-hidden className={`grid place-items-center rounded-lg bg-sky-700 font-bold text-white ${box}`}>
        H
      </span>
      <span className={`font-semibold tracking-tight text-slate-900 ${size === "lg" ? "text-2xl" : "text-base"}`}>Herald</span>
    </span>
  );
}
