import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest";
import { refuseUnverifiable } from "./refuse-unverifiable";

// Inngest calls this route to discover (PUT), and to run steps (POST); GET shows the sync status.
const handlers = serve({ client: inngest, functions });

export const GET = refuseUnverifiable(handlers.GET);
export const POST = refuseUnverifiable(handlers.POST);
export const PUT = refuseUnverifiable(handlers.PUT);
