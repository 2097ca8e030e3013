/**
 * Where a skip reason's label and explanation sit in the `skips` messages. A stored reason may carry a
 * detail after a colon (`missing_variable:patientName`): the part before it names the entry, and the
 * whole reason stays visible beside the label. Null for a reason the messages cannot hold as a key.
 */
export function skipKeyOf(reason: string): string | null {
  const head = reason.trim().split(":", 1)[0]!;
  return /^[a-z0-9_]+$/.test(head) ? `reasons.${head}` : null;
}
