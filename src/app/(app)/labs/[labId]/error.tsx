"use client";

import { PageFailure } from "@/components/errors/page-failure";

/** A lab page that failed to render keeps the lab's shell (navigation, lab switcher) around the failure. */
export default function LabPageError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageFailure {...props} />;
}
