import type { ReactNode } from "react";
import { requireSession } from "@/trpc/server";

/** Everything in this group needs a signed-in staff user; the check runs on the server. */
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  await requireSession();
  return children;
}
