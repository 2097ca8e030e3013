// A vendor without a published API or adapter (Exacall and the like), described per account: where
// and how to call, what to send (a LiquidJS template whose every value is escaped for the body's
// format), where its answer and its callbacks hold the id and status, and which failures to retry.
import { z } from "zod";
import { ZJsonPointer } from "@/server/providers/http/json-pointer";
import { ZStatusMap } from "@/server/providers/http/status-map";
import { bodyTemplateProblem } from "@/server/providers/generic/generic-body";

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
const FORBIDDEN_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "content-type"]);
const ZCodes = z.array(z.string().trim().min(1).max(64)).max(50, "expected at most 50 codes");

export const ZGenericConfig = z
  .strictObject({
    /** The vendor's send endpoint: https, on a host the platform allows (checked on save and at each call). */
    url: z.url({ error: "url: expected the vendor's https endpoint, e.g. https://api.exacall.example/v1/sms", protocol: /^https$/ }).max(2000),
    method: z.enum(["POST", "PUT", "PATCH"], { error: "method: expected POST, PUT or PATCH" }).default("POST"),
    /** The body's format: JSON (values JSON-escaped) or form-encoded (values percent-encoded). */
    contentType: z.enum(["json", "form"], { error: "contentType: expected json or form" }).default("json"),
    /** LiquidJS over to, toDigits, body, messageId, triggerKey, from, webhookUrl, template.name/language/parameters. */
    bodyTemplate: z.string({ error: "bodyTemplate: expected the request body as a LiquidJS template" }).min(2).max(10_000, "bodyTemplate: expected at most 10,000 characters"),
    /** How the account authenticates: a header, HTTP Basic, or a query parameter; the secret is write-only. */
    authType: z.enum(["none", "header", "basic", "query"], { error: "authType: expected none, header, basic or query" }).default("none"),
    /** The header's or query parameter's name, or Basic's user name. */
    authName: z.string().trim().min(1).max(128).optional(),
    authSecret: z.string().min(1).max(1_000).optional(),
    /** The sender id or number, offered to the template as {{ from }}. */
    from: z.string().trim().min(1).max(64).optional(),
    messageIdPointer: ZJsonPointer,
    /** The status the answer reports (mapped by statusMap); SENT when unset or unmapped. */
    statusPointer: ZJsonPointer.optional(),
    /** Where a refusal's code is, even in a 2xx answer (Unifonic: /errorCode with ER-00 for success). */
    errorCodePointer: ZJsonPointer.optional(),
    successErrorCodes: ZCodes.default([]),
    statusMap: ZStatusMap.default({}),
    retryableHttpStatuses: z.array(z.number().int().min(400).max(599)).max(50).default([408, 429, 500, 502, 503, 504]),
    retryableErrorCodes: ZCodes.default([]),
    /** Callbacks come to the account's token-addressed URL; with this header they must also carry HMAC-SHA256 of the body. */
    webhookSignatureHeader: z.string().regex(HEADER_NAME, "webhookSignatureHeader: expected an HTTP header name such as X-Signature").optional(),
    webhookSecret: z.string().min(8, "webhookSecret: expected at least 8 characters").max(1_000).optional(),
    webhookMessageIdPointer: ZJsonPointer.default("/messageId"),
    webhookStatusPointer: ZJsonPointer.default("/status"),
    webhookErrorPointer: ZJsonPointer.optional(),
    /** A Herald message id the vendor echoes back (e.g. a reference sent as {{ messageId }}). */
    webhookReferencePointer: ZJsonPointer.optional(),
  })
  .superRefine((config, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message: `${path}: ${message}` });
    if (config.authType !== "none" && !config.authName) issue("authName", `expected the ${config.authType === "basic" ? "user name" : `${config.authType} name`} for ${config.authType} auth`);
    if (config.authType !== "none" && !config.authSecret) issue("authSecret", `expected the secret for ${config.authType} auth`);
    if (config.authType === "header" && config.authName && (!HEADER_NAME.test(config.authName) || FORBIDDEN_HEADERS.has(config.authName.toLowerCase()))) {
      issue("authName", "expected an HTTP header name such as X-API-Key (not Host, Content-Type or Content-Length)");
    }
    if (config.webhookSignatureHeader && !config.webhookSecret) issue("webhookSecret", "expected the secret the vendor signs callbacks with (webhookSignatureHeader is set)");
    const template = bodyTemplateProblem(config.bodyTemplate, config.contentType);
    if (template) issue("bodyTemplate", template);
  });
export type TGenericConfig = z.output<typeof ZGenericConfig>;

export const GENERIC_SECRET_FIELDS = ["authSecret", "webhookSecret"] as const satisfies readonly (keyof TGenericConfig)[];
