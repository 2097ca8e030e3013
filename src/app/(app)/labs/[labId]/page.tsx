import { redirect } from "next/navigation";

export default async function LabIndexPage({ params }: { params: Promise<{ labId: string }> }) {
  const { labId } = await params;
  redirect(`/labs/${encodeURIComponent(labId)}/overview`);
}
