import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitation } from "@/components/invite/accept-invitation";

export const metadata: Metadata = { title: "Accept invitation", referrer: "no-referrer" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <AuthCard title="Join Herald" subtitle="Set up your account to open the lab you were invited to.">
      <AcceptInvitation token={token} />
    </AuthCard>
  );
}
