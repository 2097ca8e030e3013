"use client";

import { createContext, useContext, type ReactNode } from "react";
import { isAdminRole } from "@/components/roles";
import type { TLabRole } from "@/trpc/types";

/** `viewerId` is the signed-in user, so panels can tell "you" apart from other members. */
export type TCurrentLab = { id: string; name: string; role: TLabRole; viewerId: string | null };

const CurrentLabContext = createContext<TCurrentLab | null>(null);

/** The lab the shell resolved on the server, for the client panels beneath it. */
export function CurrentLabProvider({ lab, children }: { lab: TCurrentLab; children: ReactNode }) {
  return <CurrentLabContext.Provider value={lab}>{children}</CurrentLabContext.Provider>;
}

export function useCurrentLab(): TCurrentLab & { canAdminister: boolean } {
  const lab = useContext(CurrentLabContext);
  if (!lab) throw new Error("useCurrentLab must be used inside a lab page (CurrentLabProvider)");
  return { ...lab, canAdminister: isAdminRole(lab.role) };
}
