import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";
import { auditRouter } from "@/server/api/routers/audit";
import { organizationsRouter } from "@/server/api/routers/organizations";
import { apiKeysRouter } from "@/server/api/routers/api-keys";
import { contactsRouter } from "@/server/api/routers/contacts";
import { templatesRouter } from "@/server/api/routers/templates";
import { triggersRouter } from "@/server/api/routers/triggers";
import { businessAccountsRouter } from "@/server/api/routers/business-accounts";
import { invitationsRouter } from "@/server/api/routers/invitations";
import { labsRouter } from "@/server/api/routers/labs";
import { meRouter } from "@/server/api/routers/me";
import { membersRouter } from "@/server/api/routers/members";
import { messagesRouter } from "@/server/api/routers/messages";
import { notificationsRouter } from "@/server/api/routers/notifications";
import { suppressionsRouter } from "@/server/api/routers/suppressions";
import { partnersRouter } from "@/server/api/routers/partners";
import { otpRouter } from "@/server/api/routers/otp";
import { statsRouter } from "@/server/api/routers/stats";
import { campaignsRouter } from "@/server/api/routers/campaigns";

export const appRouter = createTRPCRouter({
  me: meRouter,
  labs: labsRouter,
  apiKeys: apiKeysRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  triggers: triggersRouter,
  templates: templatesRouter,
  contacts: contactsRouter,
  businessAccounts: businessAccountsRouter,
  notifications: notificationsRouter,
  messages: messagesRouter,
  suppressions: suppressionsRouter,
  otp: otpRouter,
  partners: partnersRouter,
  stats: statsRouter,
  campaigns: campaignsRouter,
  audit: auditRouter,
  organizations: organizationsRouter,
});

/** The full type of Herald's API, for internal TypeScript clients. */
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
