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
  await ensureSandboxAccounts(db);
  for (const [i, lab] of DEMO.labs.entries()) {
    await seedDemoLab(db, { organizationId: organization.id, lab, staff: i === 0, providerAccounts: options.providerAccounts });
  }
  return { created: true };
}

/** A demo lab's name, slug and settings, as DEMO.labs holds them. */
export type TDemoLab = { name: string; slug: string; settings: (typeof DEMO.labs)[number]["settings"] };

/**
 * One lab of the demo organization, set up as the seed sets up each: every catalogue trigger enabled,
 * the demo admin as its admin, with `staff` the demo staff member as read-only staff, and with
 * `providerAccounts` the simulated accounts. Creates the demo users it names if they do not exist.
 */
export async function seedDemoLab(
  db: Db,
  { organizationId, lab: settings, staff: withStaff = false, providerAccounts = false }: { organizationId: string; lab: TDemoLab; staff?: boolean; providerAccounts?: boolean },
): Promise<{ id: string; slug: string }> {
  const lab = await createLab({ db, principal: null, organizationId, ...settings });
  const admin =
    (await db.user.findUnique({ where: { email: DEMO.admin.email } })) ?? (await createUserWithPassword(db, { ...DEMO.admin, isPlatformAdmin: true }));
  const staff = withStaff ? ((await db.user.findUnique({ where: { email: DEMO.staff.email } })) ?? (await createUserWithPassword(db, DEMO.staff))) : null;
  await db.membership.createMany({
    data: [{ userId: admin.id, labId: lab.id, role: "LAB_ADMIN" as const }, ...(staff ? [{ userId: staff.id, labId: lab.id, role: "LAB_STAFF" as const }] : [])],
    skipDuplicates: true,
  });
  await enableAllTriggers(db, lab.id);
  if (providerAccounts) await seedDemoProviderAccounts(db, lab);
  return lab;
}
