// bench:bulk's accept phase in a process of its own, started by bench/bulk.ts: the modules the upload
// route and campaigns.configure carry (the database client, the lab's access check, importCampaignFile,
// configureCampaign) and nothing of the bench's own (the whole tRPC router, the executor, the set-up),
// so its peak RSS is the intake's. It is bundled by esbuild and run on plain node, as `next start`
// runs the server's compiled code, with no heap limit or flag the server does not have.
//
//   node bulk-intake.mjs --lab <id> --principal <json> --file <csv> [--trace]
//
// Prints one JSON line on stdout: the timings, the summary and the memory figures (MB):
//   beforeRssMb   after the imports and the lab's access check (the Prisma client and its query
//                 compiler loaded, a connection open), as the route is when the body starts to arrive;
//   peakRssMb     the kernel's high-water mark of the whole process (getrusage maxrss), start to end;
//   addedRssMb    peakRssMb - beforeRssMb: what the intake adds;
//   peakHeapUsedMb, peakExternalMb: the highest V8 heap and external (Buffers) seen, sampled every 10 ms.
// --trace adds a sample every 100 ms (seconds, phase, rss, heapUsed, heapTotal, external).
import { createReadStream } from "node:fs";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { lab: { type: "string" }, principal: { type: "string" }, file: { type: "string" }, trace: { type: "boolean", default: false } },
});
if (!values.lab || !values.principal || !values.file) throw new Error("expected --lab, --principal and --file");

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function main() {
  const { db } = await import("@/server/db");
  const { resolveLabAccess } = await import("@/server/access/resolve-lab-access");
  const { importCampaignFile } = await import("@/server/services/campaigns/import-campaign-file");
  const { configureCampaign } = await import("@/server/services/campaigns/configure-campaign");
  const principal = JSON.parse(values.principal!) as import("@/server/access/principal").TPrincipal;
  const access = await resolveLabAccess(db(), principal, values.lab!);
  if (!access) throw new Error(`lab ${values.lab} not found`);
  const { lab } = access;

  const beforeRss = process.memoryUsage().rss;
  let phase = "import";
  let peakHeapUsed = 0;
  let peakExternal = 0;
  const trace: (string | number)[][] = [];
  const t0 = performance.now();
  let ticks = 0;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakHeapUsed = Math.max(peakHeapUsed, usage.heapUsed);
    peakExternal = Math.max(peakExternal, usage.external);
    if (values.trace && ticks++ % 10 === 0) trace.push([Number(((performance.now() - t0) / 1000).toFixed(1)), phase, mb(usage.rss), mb(usage.heapUsed), mb(usage.heapTotal), mb(usage.external)]);
  }, 10);
  const cpu0 = process.cpuUsage();
  const { campaignId, rowCount } = await importCampaignFile({ db: db(), principal, lab, name: "Bench campaign", fileName: "patients.csv", format: "csv", input: createReadStream(values.file!) });
  const t1 = performance.now();
  const importPeakRss = process.resourceUsage().maxRSS * 1024;
  phase = "validate";
  const summary = await configureCampaign({
    db: db(),
    principal,
    lab,
    campaignId,
    settings: { triggerKey: "REPORT_READY", channels: ["SMS"], mapping: { externalId: "id", name: "name", phone: "mobile", variables: { patientName: "name", labName: "lab", reportUrl: "url" } } },
  });
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  await db().$disconnect();
  const seconds = (ms: number) => Number((ms / 1000).toFixed(2));
  process.stdout.write(
    `${JSON.stringify({
      campaignId,
      rows: rowCount,
      importSeconds: seconds(t1 - t0),
      validateSeconds: seconds(t2 - t1),
      acceptedAndPersistedSeconds: seconds(t2 - t0),
      processCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
      summary,
      beforeRssMb: mb(beforeRss),
      peakRssMb: mb(peakRss),
      addedRssMb: mb(peakRss - beforeRss),
      importPeakRssMb: mb(importPeakRss),
      peakHeapUsedMb: mb(peakHeapUsed),
      peakExternalMb: mb(peakExternal),
      ...(values.trace && { trace }),
    })}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
