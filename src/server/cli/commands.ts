import type { ParseArgsConfig } from "node:util";
import { z } from "zod";
import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import { ZCountry, ZLabName, ZLanguage, ZSlug, ZTimeZone } from "@/server/domain/lab-settings";
import { ZEmail, ZLabRole, ZPassword, ZPersonName } from "@/server/domain/members";
import { createOrganization } from "@/server/services/organizations/create-organization";
import { createLab } from "@/server/services/labs/create-lab";
import { enableAllTriggers } from "@/server/services/triggers/enable-all-triggers";
import { enableRecommendedTriggers } from "@/server/services/triggers/enable-recommended-triggers";
import { setTriggers } from "@/server/services/triggers/set-triggers";
import { listTriggers } from "@/server/services/triggers/list-triggers";
import { describeLabTriggers } from "@/server/services/triggers/describe-lab-triggers";
import type { TTriggerChannel } from "@/server/services/triggers/apply-trigger-changes";
import { createUserWithPassword } from "@/server/services/users/create-user";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { seedDemo } from "@/server/services/seed/seed-demo";
import { DEFAULT_CATALOGUE_FILE, loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { describeCatalogueSync } from "@/server/services/triggers/describe-catalogue-sync";
import { ZChannel, ZTriggerKey } from "@/server/domain/triggers";
import { jobsBackend } from "@/server/env";
import { installJobPorts } from "@/server/jobs/install-job-ports";
import { jobs } from "@/server/jobs/registry";
import { borrowExecutor } from "@/server/jobs/local/borrow-executor";
import { sendTestMessage } from "@/server/services/notifications/send-test-message";
import { encryptionKey } from "@/server/crypto/encryption-key";
import { reencryptAccountConfigs } from "@/server/crypto/reencrypt-account-configs";

type TValues = Record<string, string | boolean | undefined>;

export type TCommand = {
  summary: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(db: Db, values: TValues): Promise<unknown>;
};

/** Validates CLI options with zod, naming the --option at fault. */
function parse<T extends z.ZodType>(schema: T, values: TValues): z.infer<T> {
  const result = schema.safeParse(values);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new AppError("BAD_REQUEST", issue.message, `--${issue.path.join(".")}`);
  }
  return result.data;
}

async function labBySlugOrId(db: Db, ref: string) {
  const lab = await db.lab.findFirst({ where: { OR: [{ slug: ref }, { id: ref }] } });
  if (!lab) throw new AppError("NOT_FOUND", `no lab with slug or id "${ref}"`, "--lab");
  return lab;
}

const str = { type: "string" } as const;
const flag = { type: "boolean" } as const;
const strings = { type: "string", multiple: true } as const;

/** Repeated or comma-separated values: `--trigger OTP --trigger REPORT_READY` or `--trigger OTP,REPORT_READY`. */
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (Array.isArray(value) ? value.flatMap((v) => String(v).split(",")).map((v) => v.trim()).filter(Boolean) : value), z.array(item).min(1, "expected at least one value")).optional();

/** What a trigger command changed, then the lab's whole matrix, so the operator sees where it stands. */
async function triggerReport(db: Db, labId: string, verb: string, changed: TTriggerChannel[], hint?: string) {
  const lines = [changed.length === 0 ? `Nothing ${verb}: every trigger asked for was already so.` : `${verb[0]!.toUpperCase()}${verb.slice(1)}: ${changed.map((p) => `${p.triggerKey} on ${p.channel}`).join(", ")}.`];
  if (hint) lines.push(hint);
  lines.push("", describeLabTriggers(await listTriggers(db, labId)));
  return lines.join("\n");
}

function noAccountHint(accountChannels: string[], lab: string): string | undefined {
  if (accountChannels.length > 0) return undefined;
  return `No provider account is active for this lab or as a platform default, so no trigger was recommended. Add an account (dashboard: Provider accounts), then run: npm run herald -- enable-triggers --lab ${lab} --recommended`;
}

export const commands: Record<string, TCommand> = {
  "create-org": {
    summary: "--name NAME --slug SLUG",
    options: { name: str, slug: str },
    async run(db, values) {
      const input = parse(z.object({ name: ZLabName, slug: ZSlug }), values);
      return createOrganization({ db, principal: null, ...input });
    },
  },
  "create-lab": {
    summary: "--org ORG_SLUG --name NAME --slug SLUG [--country SA] [--timezone Asia/Riyadh] [--language en] [--enable-all-triggers]",
    options: { org: str, name: str, slug: str, country: str, timezone: str, language: str, "enable-all-triggers": flag },
    async run(db, values) {
      const input = parse(
        z.object({
          org: z.string().min(1, "required"),
          name: ZLabName,
          slug: ZSlug,
          country: ZCountry.optional(),
          timezone: ZTimeZone.optional(),
          language: ZLanguage.optional(),
          "enable-all-triggers": z.boolean().optional(),
        }),
        values,
      );
      const organization = await db.organization.findFirst({ where: { OR: [{ slug: input.org }, { id: input.org }] } });
      if (!organization) throw new AppError("NOT_FOUND", `no organization with slug or id "${input.org}"`, "--org");
      const lab = await createLab({
        db,
        principal: null,
        organizationId: organization.id,
        name: input.name,
        slug: input.slug,
        settings: { country: input.country, timezone: input.timezone, defaultLanguage: input.language },
        // Transactional triggers on the channels the platform's accounts serve, unless the operator wants them all.
        recommendedTriggers: !input["enable-all-triggers"],
      });
      const { triggersEnabled, accountChannels, ...created } = lab;
      if (input["enable-all-triggers"]) return { ...created, triggersEnabled: await enableAllTriggers(db, lab.id) };
      const next = noAccountHint(accountChannels, lab.slug) ?? `Triggers: npm run herald -- enable-triggers --lab ${lab.slug} --trigger KEY [--channel SMS]`;
      return { ...created, triggersEnabled: triggersEnabled.map((p) => `${p.triggerKey}/${p.channel}`), next };
    },
  },
  "enable-triggers": {
    summary: "--lab LAB_SLUG [--trigger KEY]... [--channel SMS|WHATSAPP|EMAIL]... [--disable] | --recommended   turns triggers on (or off) per channel, audited",
    options: { lab: str, trigger: strings, channel: strings, disable: flag, recommended: flag },
    async run(db, values) {
      const input = parse(
        z.object({ lab: z.string().min(1, "required"), trigger: listOf(ZTriggerKey), channel: listOf(ZChannel), disable: z.boolean().optional(), recommended: z.boolean().optional() }),
        values,
      );
      const lab = await labBySlugOrId(db, input.lab);
      if (input.recommended) {
        if (input.trigger || input.channel || input.disable) throw new AppError("BAD_REQUEST", "cannot be combined with --trigger, --channel or --disable", "--recommended");
        const { accountChannels, enabled } = await enableRecommendedTriggers(db, { principal: null, labId: lab.id });
        return triggerReport(db, lab.id, "enabled", enabled, noAccountHint(accountChannels, lab.slug));
      }
      if (!input.trigger && !input.channel) throw new AppError("BAD_REQUEST", "name at least one --trigger or --channel (or use --recommended)", "--trigger");
      const enabled = !input.disable;
      const result = await setTriggers(db, { principal: null, labId: lab.id, triggerKeys: input.trigger, channels: input.channel, enabled }).catch((error: unknown) => {
        // The service names list positions (triggerKeys.1); the operator typed --trigger.
        if (error instanceof AppError) throw new AppError(error.code, error.message.replace(/triggerKeys\.\d+: /g, ""), "--trigger");
        throw error;
      });
      return triggerReport(db, lab.id, enabled ? "enabled" : "disabled", result.changed);
    },
  },
  "create-user": {
    summary: "--email EMAIL --name NAME --password PASSWORD [--platform-admin] [--lab LAB_SLUG --role LAB_ADMIN|LAB_STAFF]",
    options: { email: str, name: str, password: str, "platform-admin": flag, lab: str, role: str },
    async run(db, values) {
      const input = parse(
        z.object({ email: ZEmail, name: ZPersonName, password: ZPassword, "platform-admin": z.boolean().optional(), lab: z.string().optional(), role: ZLabRole.default("LAB_ADMIN") }),
        values,
      );
      const lab = input.lab ? await labBySlugOrId(db, input.lab) : null;
      const user = await createUserWithPassword(db, { email: input.email, name: input.name, password: input.password, isPlatformAdmin: input["platform-admin"] });
      if (lab) await db.membership.create({ data: { userId: user.id, labId: lab.id, role: input.role } });
      return { id: user.id, email: user.email, isPlatformAdmin: user.isPlatformAdmin, lab: lab?.slug ?? null, role: lab ? input.role : null };
    },
  },
  "create-api-key": {
    summary: "--lab LAB_SLUG --name NAME [--organization-wide]",
    options: { lab: str, name: str, "organization-wide": flag },
    async run(db, values) {
      const input = parse(z.object({ lab: z.string().min(1, "required"), name: z.string().trim().min(1, "required").max(80), "organization-wide": z.boolean().optional() }), values);
      const lab = await labBySlugOrId(db, input.lab);
      const { apiKey, key } = await createApiKey({ db, principal: null, labId: lab.id, name: input.name, scope: input["organization-wide"] ? "organization" : "lab" });
      return `API key "${apiKey.name}" (${apiKey.id}) created. It is shown only this once:\n\n  ${key}\n`;
    },
  },
  "seed-demo": {
    summary: "creates the demo organization, labs and users if missing",
    options: {},
    async run(db) {
      const { created } = await seedDemo(db);
      return created ? "Demo data created." : "Demo data already present.";
    },
  },
  "sync-templates": {
    summary: `[--file ${DEFAULT_CATALOGUE_FILE}] loads the trigger catalogue and default templates; safe to repeat`,
    options: { file: str },
    async run(db, values) {
      const { file } = parse(z.object({ file: z.string().min(1, "required").default(DEFAULT_CATALOGUE_FILE) }), values);
      return describeCatalogueSync(file, await syncCatalogue(db, await loadCatalogueFile(file)));
    },
  },
  "send-test": {
    summary: "--lab LAB_SLUG --channel SMS|WHATSAPP|EMAIL --to ADDRESS [--trigger REGISTRATION] sends a sample message and reports its status",
    options: { lab: str, channel: str, to: str, trigger: str },
    async run(db, values) {
      const input = parse(z.object({ lab: z.string().min(1, "required"), channel: ZChannel, to: z.string().min(1, "required"), trigger: ZTriggerKey.default("REGISTRATION") }), values);
      const lab = await labBySlugOrId(db, input.lab);
      installJobPorts();
      // A running Herald dispatches what this queues; only without one does this command dispatch while it waits.
      const executor = jobsBackend() === "local" ? await borrowExecutor(db, jobs["dispatch-messages"]) : null;
      try {
        const result = await sendTestMessage({ db, lab, channel: input.channel, to: input.to, trigger: input.trigger });
        return { ...result, dispatchedBy: executor ? `${executor.startedHere ? "this command" : "Herald's executor"} (${executor.workerId})` : "Inngest" };
      } finally {
        await executor?.release();
      }
    },
  },
  "reencrypt-accounts": {
    summary: "[--batch 100] re-seals every business account's credentials under HERALD_ENCRYPTION_KEY; safe to repeat",
    options: { batch: str },
    async run(db, values) {
      const { batch } = parse(z.object({ batch: z.coerce.number().int().min(1, "expected at least 1").max(10_000, "expected at most 10000").default(100) }), values);
      const report = await reencryptAccountConfigs({ db, keys: encryptionKey(), batchSize: batch });
      const lines = [
        `Accounts scanned: ${report.scanned}; re-encrypted under key ${report.keyId}: ${report.reencrypted}; already under it: ${report.alreadyCurrent}; changed meanwhile (kept): ${report.changedMeanwhile}.`,
      ];
      if (report.unreadable.length > 0) {
        lines.push(`No configured key opens ${report.unreadable.length} account(s): ${report.unreadable.join(", ")}. Add the key that sealed them to HERALD_ENCRYPTION_KEYS_OLD and run again.`);
        process.exitCode = 1;
      }
      return lines.join("\n");
    },
  },
};

export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return ["Usage: npm run herald -- <command> [options]", "", "Commands:", ...lines].join("\n");
}
