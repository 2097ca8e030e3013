import { notFound } from "next/navigation";

/** Any other path under a lab is an unknown section: answer it with the lab's own not-found page, in its shell. */
export default function UnknownLabSection() {
  notFound();
}
