// The values of a WhatsApp template binding's parameters, one rule for rendering (previews and the
// stored message) and for dispatch (what the provider is handed), so both say the same.

/**
 * A WhatsApp parameter is one line: a partner message's event variable lists each event's value with a
 * comma between, the Arabic comma in languages written with it ("سارة أحمد، عمر علي").
 */
export function eventValueSeparator(language: string): string {
  return /^(ar|fa|ur|ps|ckb|sd|ug)(?:[-_]|$)/i.test(language) ? "، " : ", ";
}

/** A parameter's text: strings as they are, dates as ISO times, objects as JSON. */
export function parameterText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
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
