import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { MembersPanel } from "@/components/members/members-panel";

export const metadata: Metadata = { title: "Members" };

export default function MembersPage() {
  return (
    <>
      <PageHeader title="Members" description="Who can sign in to this lab. Admins change settings, keys and members; staff can look but not change." />
      <MembersPanel />
    </>
  );
}
