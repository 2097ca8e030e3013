// The values of a WhatsApp template binding's parameters, one rule for rendering (previews and the
// stored message) and for dispatch (what the provider is handed), so both say the same.

/**
 * A WhatsApp parameter is one line: a partner message's event variable lists each event's value with a
 * comma between, the Arabic comma in languages written with it ("سارة أحمد، عمر علي").
 */
export function eventValueSeparator(language: string): string {
  return /^(ar|fa|ur|ps|ckb|sd|ug)(?:[-_]|$)/i.test(language) ? "، " : ", ";
}

/** A parameter's text: strings on one line (see oneLine), dates as ISO times, objects as JSON. */
export function parameterText(value: unknown): string {
  if (typeof value === "string") return oneLine(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const REFUSED = /[\t\n\v\f\r\u2028\u2029]| {2}/;
const LINE_BREAKS = /[\n\v\f\r\u2028\u2029]+/;
const ENDS_IN_PUNCTUATION = /[,.;:!?\u060C\u061B\u061F\u06D4]$/;

/**
 * WhatsApp refuses a template parameter with a line break, a tab or more than 4 spaces in a row
 * (Meta's 132018, and so every provider that sends through it), failing the whole message: an address
 * typed on two lines must not cost the patient the report. Lines are joined with " · " (a space after
 * punctuation: "Street 1, Riyadh"), tabs and runs of spaces become one space.
 */
export function oneLine(text: string): string {
  if (!REFUSED.test(text)) return text;
  const lines = text.split(LINE_BREAKS).map((line) => line.replace(/[\t ]+/g, " ").trim()).filter((line) => line !== "");
  return lines.reduce((joined, line) => (joined === "" ? line : `${joined}${ENDS_IN_PUNCTUATION.test(joined) ? " " : " · "}${line}`), "");
}

/**
 * The variables a bound WhatsApp template's body is rendered with: each bound variable's text as the
 * provider is handed it (also in a partner message's events), so the stored body says what is sent.
 */
export function withParameterText(scope: Record<string, unknown>, bound: readonly string[]): Record<string, unknown> {
  if (bound.length === 0) return scope;
  const clean = (values: Record<string, unknown>): Record<string, unknown> => {
    let copy: Record<string, unknown> | null = null;
    for (const name of bound) {
      const value = Object.hasOwn(values, name) ? values[name] : undefined;
      if (typeof value !== "string" || !REFUSED.test(value)) continue;
      copy ??= { ...values };
      copy[name] = oneLine(value);
    }
    return copy ?? values;
  };
  const cleaned = clean(scope);
  const events = scope.events;
  if (!Array.isArray(events)) return cleaned;
  const cleanedEvents = events.map((event: unknown) => (event !== null && typeof event === "object" && !Array.isArray(event) ? clean(event as Record<string, unknown>) : event));
  return cleanedEvents.some((event, i) => event !== events[i]) ? { ...cleaned, events: cleanedEvents } : cleaned;
}

/**
 * What a binding's variable passes: its own value, or, in a partner message (whose variables hold the
 * `events` list, one event or a digest's many), the variable's value in each event, in order
 * ("Sara Ahmed, Omar Ali"). undefined when it has no value, or an event lacks it: never a gap.
 */
export function whatsAppParameter(own: unknown, events: unknown, name: string, language: string): string | undefined {
  if (own !== undefined && own !== null) return parameterText(own);
  if (!Array.isArray(events) || events.length === 0) return undefined;
  const values: unknown[] = [];
  for (const event of events) {
    const value = event !== null && typeof event === "object" && Object.hasOwn(event, name) ? (event as Record<string, unknown>)[name] : undefined;
    if (value === undefined || value === null) return undefined;
    values.push(value);
  }
  return values.map(parameterText).join(eventValueSeparator(language));
}
