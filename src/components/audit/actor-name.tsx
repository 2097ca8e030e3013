"use client";

import { useTranslations } from "next-intl";
import type { TRouterOutputs } from "@/trpc/types";

type TActor = TRouterOutputs["audit"]["list"]["items"][number]["actor"];

/** A staff member by name and email, an API key by its name, Herald itself as such. */
export function ActorName({ actor }: { actor: TActor }) {
  const t = useTranslations("audit.actor");
  if (actor.type === "system") return <span className="text-slate-700">{t("system")}</span>;
  if (actor.type === "apiKey") return <span className="text-slate-700">{t("apiKey", { name: actor.name ?? actor.id ?? "" })}</span>;
  return (
    <span className="text-slate-700">
      {actor.name ?? t("deletedUser")}
      {actor.email && (
        <span dir="ltr" className="block text-xs text-slate-500">
          {actor.email}
        </span>
      )}
    </span>
  );
}
