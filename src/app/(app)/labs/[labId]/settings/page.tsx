import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { LabSettingsForm } from "@/components/settings/lab-settings-form";

export const metadata: Metadata = { title: "Lab settings" };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Lab settings" description="How Herald talks to this lab's patients and partners: language, region, quiet hours and retention." />
      <LabSettingsForm />
    </>
  );
}
