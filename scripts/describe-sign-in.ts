import type { DEMO } from "@/server/services/seed/seed-demo";

type TDemoUsers = Pick<typeof DEMO, "admin" | "staff">;

/**
 * The start-up banner's sign-in line: where to open Herald and, when the demo
 * is seeded, both demo users, so whoever tries the read-only staff view need
 * not look its password up.
 */
export function describeSignIn(url: string, demo: TDemoUsers | null): string {
  const open = `Herald: open ${url}/login`;
  if (!demo) return open;
  return (
    `${open} and sign in as ${demo.admin.email} / ${demo.admin.password} (platform admin, admin of both demo labs)\n` +
    `Herald: or as ${demo.staff.email} / ${demo.staff.password} (read-only staff of the Riyadh demo lab)`
  );
}
