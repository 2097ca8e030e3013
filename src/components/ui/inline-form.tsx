import type { FormEvent, ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";

type TInlineFormProps = {
  id: string;
  title: string;
  description: ReactNode;
  /** A message that belongs to no field on the form. */
  error: string | null;
  submitLabel: string;
  busy: boolean;
  onSubmit: () => void;
  /** The fields, laid out in one row on wide screens. */
  children: ReactNode;
};

/** A small create-something form in its own panel: fields in a row, then the button. */
export function InlineForm({ id, title, description, error, submitLabel, busy, onSubmit, children }: TInlineFormProps) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit();
  }
  return (
    <Panel id={id} title={title} description={description}>
      <form onSubmit={submit} noValidate className="space-y-4">
        {error && <Notice tone="error">{error}</Notice>}
        <div className="flex flex-col gap-4 sm:flex-row sm:flex-wrap sm:items-start">
          {children}
          <Button type="submit" busy={busy} className="sm:mt-7">
            {submitLabel}
          </Button>
        </div>
      </form>
    </Panel>
  );
}
