import type { AnyJobDefinition } from "@/server/jobs/define-job";

export type JobRegistry = Readonly<Record<string, AnyJobDefinition>>;

type RegistryOf<TDefinitions extends readonly AnyJobDefinition[]> = {
  readonly [D in TDefinitions[number] as D["id"]]: D;
};

/** Keys the definitions by their own ids, so a key can never disagree with the job it names. */
export function defineRegistry<const TDefinitions extends readonly AnyJobDefinition[]>(
  ...definitions: TDefinitions
): RegistryOf<TDefinitions> {
  const registry: Record<string, AnyJobDefinition> = {};
  for (const definition of definitions) {
    if (registry[definition.id]) throw new Error(`defineRegistry: job "${definition.id}" is defined twice`);
    registry[definition.id] = definition;
  }
  return registry as RegistryOf<TDefinitions>;
}
