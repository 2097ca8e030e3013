// A dispatch worker for bench/crash-duplicates.ts: dispatches the given messages and is killed mid-way.
import { readFileSync } from "node:fs";
import { db } from "@/server/db";
import { dispatchMessages } from "@/server/services/delivery/dispatch-messages";

const ids = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as string[];
console.log("dispatching");
await dispatchMessages({ db: db(), messageIds: ids, workerId: "crash-victim", schedule: async () => {} });
console.log("done");
await db().$disconnect();
