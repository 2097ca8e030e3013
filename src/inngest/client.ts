import { Inngest } from "inngest";
import { logger } from "@/server/logger";

// The SDK reads INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY, INNGEST_DEV and INNGEST_BASE_URL itself, when it needs them.
export const inngest = new Inngest({ id: "herald", logger });
