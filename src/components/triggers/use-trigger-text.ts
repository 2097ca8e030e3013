"use client";

import { useTranslations } from "next-intl";

/**
 * A trigger's name and description in the viewer's language: the catalogue's
 * own triggers are translated in messages, a trigger added to a later
 * catalogue shows its catalogue text until it is.
 */
export function useTriggerText() {
  const t = useTranslations("triggers");
  return {
    name: (trigger: { key: string; name: string }) => (t.has(`catalogue.${trigger.key}.name`) ? t(`catalogue.${trigger.key}.name`) : trigger.name),
    description: (trigger: { key: string; description: string }) =>
      t.has(`catalogue.${trigger.key}.description`) ? t(`catalogue.${trigger.key}.description`) : trigger.description,
    category: (category: string) => (t.has(`categories.${category}`) ? t(`categories.${category}`) : category),
    channel: (channel: string) => (t.has(`channels.${channel}`) ? t(`channels.${channel}`) : channel),
  };
}
