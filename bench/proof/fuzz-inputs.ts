// What the fuzz suite sends: anything at all, and objects shaped like Herald's inputs whose values
// are the awkward ones (another lab's ids, huge or empty strings, wrong types, injection attempts).
import fc from "fast-check";

const KEYS = [
  "labId", "id", "ids", "contactId", "messageId", "accountId", "businessAccountId", "templateId", "apiKeyId", "userId", "organizationId",
  "items", "trigger", "channel", "channels", "recipient", "to", "email", "phone", "name", "role", "key", "code", "challengeId",
  "limit", "cursor", "direction", "query", "search", "status", "from", "until", "slug", "settings", "config", "provider", "priority", "enabled",
];

export function procedureInput(ownLabId: string, foreignIds: string[]): fc.Arbitrary<unknown> {
  const awkward = fc.constantFrom<unknown>(ownLabId, ...foreignIds, "", " ", "x".repeat(10_000), -1, 0, 2 ** 53, 1e308, null, true, [], {}, "' OR 1=1 --", "../../etc/passwd", "\u0000", "<script>alert(1)</script>", "2026-02-30T25:61:00Z", "+9665", "@");
  const value = fc.oneof(awkward, fc.string({ maxLength: 40 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(awkward, { maxLength: 3 }), fc.dictionary(fc.constantFrom(...KEYS), awkward, { maxKeys: 3 }));
  const shaped = fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), value, { maxKeys: 6 });
  return fc.oneof(
    { weight: 3, arbitrary: shaped.map((input) => ({ labId: ownLabId, ...input })) },
    { weight: 2, arbitrary: shaped },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    // Just a lab: what list procedures take, so valid callers get answers too (their own lab's, or must be refused another's).
    { weight: 2, arbitrary: fc.constantFrom<unknown>({ labId: ownLabId }, ...foreignIds.map((labId) => ({ labId }))) },
  );
}
