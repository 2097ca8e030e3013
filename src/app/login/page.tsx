import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentSession } from "@/trpc/server";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage() {
  if (await currentSession()) redirect("/");
  return (
    <AuthCard title="Sign in to Herald" subtitle="Lab staff dashboard for notification settings, API keys and members.">
      <LoginForm />
    </AuthCard>
  );
}
