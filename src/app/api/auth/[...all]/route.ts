import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/server/auth/auth";

export const dynamic = "force-dynamic";

const handle = (req: Request) => auth().handler(req);

export const { GET, POST } = toNextJsHandler(handle);
