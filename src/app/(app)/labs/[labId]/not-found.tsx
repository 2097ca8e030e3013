import { LabNotFound } from "@/components/errors/lab-not-found";

/** A record or section of a lab that is not there, shown inside the lab's shell. */
export default function LabPageNotFound() {
  return <LabNotFound />;
}
