import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ZFaultRule } from "./faults";

export const ZSimAccount = z.strictObject({
  provider: z.string().min(1),
  id: z.string().min(1),
  secret: z.string().min(1).optional(),
  webhookUrl: z.url().optional(),
  webhookSecret: z.string().min(1).optional(),
  disabled: z.boolean().optional(),
});

/** A scenario file: accounts the simulator knows, the faults it injects, and a seed to replay them. */
export const ZScenario = z.strictObject({
  seed: z.number().int().optional(),
  accounts: z.array(ZSimAccount).default([]),
  faults: z.array(ZFaultRule).default([]),
});
export type TScenario = z.input<typeof ZScenario>;

export async function loadScenarioFile(file: string): Promise<z.output<typeof ZScenario>> {
  const parsed = ZScenario.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) throw new Error(`scenario ${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
