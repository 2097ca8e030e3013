"use client";

import { Button } from "@/components/ui/button";
import { CopyBox } from "@/components/ui/copy-box";

type TNewApiKeyRevealProps = { name: string; secret: string; onDone: () => void };

/** The only moment the plain key exists outside the caller's hands: Herald keeps just its hash. */
export function NewApiKeyReveal({ name, secret, onDone }: TNewApiKeyRevealProps) {
  return (
    <section aria-labelledby="new-key-title" className="space-y-4 rounded-xl border-2 border-amber-300 bg-amber-50 p-5">
      <div>
        <h2 id="new-key-title" className="text-base font-semibold text-slate-900">
          Key “{name}” created
        </h2>
        <p role="alert" className="mt-1 text-sm font-medium text-amber-900">
          Copy this key now and store it somewhere safe. It won&apos;t be shown again: Herald keeps only a fingerprint of it.
        </p>
      </div>
      <CopyBox id="new-api-key" label="API key" value={secret} />
      <Button variant="secondary" onClick={onDone}>
        I have copied the key
      </Button>
    </section>
  );
}
