// Twilio Programmable Messaging: SMS and WhatsApp through one account's credentials.
import { createTwilioAdapter } from "@/server/providers/twilio/create-twilio-adapter";
import type { TProvider } from "@/server/providers/types";

export const twilioProvider: TProvider = {
  id: "twilio",
  name: "Twilio",
  adapters: {
    SMS: createTwilioAdapter("SMS"),
    WHATSAPP: createTwilioAdapter("WHATSAPP"),
  },
};
