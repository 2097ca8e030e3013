import type { TRouterOutputs } from "@/trpc/types";

export type TAccount = TRouterOutputs["businessAccounts"]["list"][number];
export type TProviderOption = TRouterOutputs["businessAccounts"]["providers"][number];
export type TAccountHealth = TRouterOutputs["businessAccounts"]["health"][number];
export type TChannel = TAccount["channel"];

export const CHANNEL_ORDER: readonly TChannel[] = ["SMS", "WHATSAPP", "EMAIL"];
