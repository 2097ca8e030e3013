import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest";

// Inngest calls this route to discover (PUT), and to run steps (POST); GET shows the sync status.
export const { GET, POST, PUT } = serve({ client: inngest, functions });
