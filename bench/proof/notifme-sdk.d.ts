// The part of notifme-sdk's API the peers suite uses (the package ships no types).
declare module "notifme-sdk" {
  type TCustomProvider = { type: "custom"; id: string; /** The request's metadata (its `id`) and its sms part. */ send: (request: { id?: string; from: string; to: string; text: string }) => Promise<string> };
  type TOptions = { channels: { sms: { multiProviderStrategy?: "fallback" | "roundrobin" | "no-fallback"; providers: TCustomProvider[] } } };
  export default class NotifmeSdk {
    constructor(options: TOptions);
    send(request: { metadata?: { id?: string }; sms: { from: string; to: string; text: string } }): Promise<{ status: "success" | "error"; errors?: Record<string, Error> }>;
  }
}
