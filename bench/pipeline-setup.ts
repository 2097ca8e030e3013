// The bench's world: one lab with an API key, the shipped trigger catalogue and
// default templates, sandbox accounts (and, with a real provider, the lab's own
// account there), and the items it sends.
import type { Channel } from "@/generated/prisma/enums";
import type { TPrincipal } from "@/server/access/principal";
import type { Db } from "@/server/db";
import { CHANNELS } from "@/server/domain/notifications";
import type { TSendItemInput } from "@/server/domain/send";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { ensureSandboxAccounts } from "@/server/services/business-accounts/ensure-sandbox-accounts";
import { createLab } from "@/server/services/labs/create-lab";
import { createOrganization } from "@/server/services/organizations/create-organization";
import { sampleVariables } from "@/server/services/templates/sample-variables";
import { enableAllTriggers } from "@/server/services/triggers/enable-all-triggers";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { createProviderAccount, type TProviderAccount, type TRealProvider } from "./provider-accounts";

/** The trigger labs send most, with the catalogue's real templates on all three channels. */
const BENCH_TRIGGER = "REPORT_READY";

type TBenchLab = { labId: string; principal: TPrincipal; variables: Record<string, string>; account: TProviderAccount | null };

/** A lab sending through the platform's sandbox accounts, or its own account at `provider`, and an API key principal for it. */
export async function setUpBenchLab(db: Db, provider: TRealProvider | "sandbox" = "sandbox"): Promise<TBenchLab> {
  await syncCatalogue(db, await loadCatalogueFile());
  await ensureSandboxAccounts(db);
  const organization = await createOrganization({ db, principal: null, name: "Bench org", slug: "bench-org" });
  // No quiet hours: the bench measures sending, not deferral.
  const lab = await createLab({ db, principal: null, organizationId: organization.id, name: "Bench lab", slug: "bench-lab", settings: { quietHoursStart: null, quietHoursEnd: null } });
  await enableAllTriggers(db, lab.id);
  const { apiKey } = await createApiKey({ db, principal: null, labId: lab.id, name: "bench", scope: "lab" });
  const trigger = await db.trigger.findUniqueOrThrow({ where: { key: BENCH_TRIGGER }, select: { variables: true } });
  const account = provider === "sandbox" ? null : await createProviderAccount(db, lab.id, provider);
  return {
    account,
    labId: lab.id,
    principal: { kind: "apiKey", apiKeyId: apiKey.id, labId: lab.id, organizationId: null },
    variables: sampleVariables(trigger.variables, "en"),
  };
}

/**
 * Item n of the run: a new patient (inline contact, so every batch upserts
 * contacts) on one channel (`channel`, else rotating SMS, WhatsApp, email), so N
 * items are N messages, each with its own idempotency key as a careful client
 * sends. Numbers end in 5, so no sandbox or simulator failure convention applies.
 */
export function benchItem(n: number, variables: Record<string, string>, channel?: Channel): TSendItemInput {
  const id = String(n).padStart(7, "0");
  return {
    trigger: BENCH_TRIGGER,
    recipient: { externalId: `bench-${id}`, name: `Patient ${id}`, phone: `+96650${id.slice(1)}5`, email: `patient-${id}@example.test` },
    channels: [channel ?? CHANNELS[n % CHANNELS.length]!],
    variables: { ...variables, patientName: `Patient ${id}` },
    idempotencyKey: `bench-item-${id}`,
  };
}
