/** The demo data scripts/e2e-server.ts seeds into the fresh test database. */
export const ADMIN = { email: "admin@herald.local", password: "herald-admin-1", storageState: "test-results/.auth/admin.json" } as const;
export const STAFF = { email: "staff@herald.local", password: "herald-staff-1", storageState: "test-results/.auth/staff.json" } as const;

export const RIYADH = "Demo Lab — Riyadh";
export const JEDDAH = "Demo Lab — Jeddah";

/**
 * A third lab of the demo organization, in the test database only: the specs that change a lab's
 * provider chain or count everything it sent keep to it, beside the specs that send from the other
 * two (playwright.config.ts). Set up as the Riyadh lab is: every trigger, the simulated accounts,
 * the demo admin as its admin and the demo staff member as read-only staff. Named to sort last, so
 * each demo user still lands on the lab they did.
 */
export const TABUK_LAB = {
  name: "Demo Lab — Tabuk",
  slug: "demo-tabuk",
  settings: { country: "SA", timezone: "Asia/Riyadh", defaultLanguage: "ar" },
} as const;
export const TABUK = TABUK_LAB.name;

/** A suffix that keeps names unique when the tests run again on the same database. */
export const uniq = () => Math.random().toString(36).slice(2, 8);
