// Every provider the simulator speaks, by the id Herald's registry uses; one folder each.
import type { TSimProvider } from "./types";

export const simProviders: Record<string, () => Promise<TSimProvider>> = {
  twilio: () => import("./twilio/twilio.sim").then((m) => m.twilioSim),
  resend: () => import("./resend/resend.sim").then((m) => m.resendSim),
  sendgrid: () => import("./sendgrid/sendgrid.sim").then((m) => m.sendgridSim),
  meta: () => import("./meta/meta.sim").then((m) => m.metaSim),
  interakt: () => import("./interakt/interakt.sim").then((m) => m.interaktSim),
  bevatel: () => import("./bevatel/bevatel.sim").then((m) => m.bevatelSim),
  pinnacle: () => import("./pinnacle/pinnacle.sim").then((m) => m.pinnacleSim),
  unifonic: () => import("./unifonic/unifonic.sim").then((m) => m.unifonicSim),
};

/**
 * Hosts of the providers above, for generic HTTP vendors the platform redirects to the simulator:
 * a call to https://<host>/<path> arrives at /generic/<host>/<path> and is answered by that provider.
 */
export const simHosts: Record<string, string> = {
  "el.cloud.unifonic.com": "unifonic",
  "api.interakt.ai": "interakt",
  "api.pinnacle.in": "pinnacle",
  "api.pinbot.ai": "pinnacle",
};
