import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";

export default function NotFound() {
  return (
    <AuthCard title="Page not found" subtitle="The page does not exist, or you do not have access to it.">
      <Link href="/" className="text-sm font-medium text-sky-700 underline-offset-2 hover:underline">
        Back to your labs
      </Link>
    </AuthCard>
  );
}
