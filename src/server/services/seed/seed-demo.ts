import type { Db } from "@/server/db";
import { createOrganization } from "@/server/services/organizations/create-organization";
import { createLab } from "@/server/services/labs/create-lab";
import { createUserWithPassword } from "@/server/services/users/create-user";
import { enableAllTriggers } from "@/server/services/triggers/enable-all-triggers";
import { ensureSandboxAccounts } from "@/server/services/business-accounts/ensure-sandbox-accounts";
import { seedDemoProviderAccounts } from "@/server/services/seed/seed-demo-providers";

export const DEMO = {
  organization: { name: "Demo Diagnostics", slug: "demo-diagnostics" },
  labs: [
    { name: "Demo Lab — Riyadh", slug: "demo-riyadh", settings: { country: "SA", timezone: "Asia/Riyadh", defaultLanguage: "ar" as const } },
    { name: "Demo Lab — Jeddah", slug: "demo-jeddah", settings: { country: "SA", timezone: "Asia/Riyadh", defaultLanguage: "en" as const } },
  ],
  admin: { email: "admin@herald.local", name: "Demo Admin", password: "herald-admin-1" },
  staff: { email: "staff@herald.local", name: "Demo Staff", password: "herald-staff-1" },
} as const;

/**
 * Creates the demo organization, two labs with every catalogue trigger enabled,
 * a platform admin (admin of both labs), a read-only staff member of the Riyadh
 * lab, and sandbox accounts so messages are delivered (to the sandbox) out of
 * the box. With `providerAccounts` (when the provider simulator runs beside
 * Herald), each lab also gets Twilio and Resend accounts that the simulator
 * answers for, tried before the sandbox. Expects the catalogue to be synced.
 * Does nothing but the provider accounts if the demo exists.
 */
export async function seedDemo(db: Db, options: { providerAccounts?: boolean } = {}): Promise<{ created: boolean }> {
  const existing = await db.organization.findUnique({ where: { slug: DEMO.organization.slug }, select: { labs: { select: { id: true, slug: true } } } });
  if (existing) {
    if (options.providerAccounts) for (const lab of existing.labs) await seedDemoProviderAccounts(db, lab);
    return { created: false };
  }
  const organization = await createOrganization({ db, principal: null, ...DEMO.organization });
  const labs = [];
  for (const lab of DEMO.labs) labs.push(await createLab({ db, principal: null, organizationId: organization.id, ...lab }));
  const admin =
    (await db.user.findUnique({ where: { email: DEMO.admin.email } })) ?? (await createUserWithPassword(db, { ...DEMO.admin, isPlatformAdmin: true }));
  const staff = (await db.user.findUnique({ where: { email: DEMO.staff.email } })) ?? (await createUserWithPassword(db, DEMO.staff));
  await db.membership.createMany({
    data: [
      ...labs.map((lab) => ({ userId: admin.id, labId: lab.id, role: "LAB_ADMIN" as const })),
      { userId: staff.id, labId: labs[0]!.id, role: "LAB_STAFF" as const },
    ],
    skipDuplicates: true,
  });
  for (const lab of labs) await enableAllTriggers(db, lab.id);
  await ensureSandboxAccounts(db);
  if (options.providerAccounts) for (const lab of labs) await seedDemoProviderAccounts(db, lab);
  return { created: true };
}
