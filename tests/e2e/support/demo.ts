/** The demo data scripts/e2e-server.ts seeds into the fresh test database. */
export const ADMIN = { email: "admin@herald.local", password: "herald-admin-1", storageState: "test-results/.auth/admin.json" } as const;
export const STAFF = { email: "staff@herald.local", password: "herald-staff-1", storageState: "test-results/.auth/staff.json" } as const;

export const RIYADH = "Demo Lab — Riyadh";
export const JEDDAH = "Demo Lab — Jeddah";

/** A suffix that keeps names unique when the tests run again on the same database. */
export const uniq = () => Math.random().toString(36).slice(2, 8);
