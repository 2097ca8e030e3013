import { CHANNELS } from "@/server/domain/notifications";
import type { TLabTriggerView } from "@/server/services/triggers/list-triggers";

/** A lab's triggers as a table for the operator's terminal: on, off, or "-" where the trigger does not use the channel. */
export function describeLabTriggers(triggers: TLabTriggerView[]): string {
  const width = Math.max(...triggers.map((t) => t.key.length), "trigger".length) + 2;
  const header = ["trigger".padEnd(width), ...CHANNELS.map((c) => c.padEnd(10))].join("").trimEnd();
  const rows = triggers.map((trigger) => {
    const cells = CHANNELS.map((channel) => {
      const state = trigger.channels.find((c) => c.channel === channel);
      return (state ? (state.enabled ? "on" : "off") : "-").padEnd(10);
    });
    return [trigger.key.padEnd(width), ...cells].join("").trimEnd();
  });
  return [header, ...rows].join("\n");
}
