import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type TRouterInputs = inferRouterInputs<AppRouter>;
export type TRouterOutputs = inferRouterOutputs<AppRouter>;

export type TAccessibleLab = TRouterOutputs["me"]["get"]["labs"][number];
export type TLabRole = TAccessibleLab["role"];
