/**
 * A CSV download from lines made on demand: the client's reading sets the pace (nothing is read ahead
 * of what it has taken), so an export has no size limit, and a client that goes away stops the reads.
 */
export function csvStreamResponse(lines: AsyncGenerator<string>, fileName: string): Response {
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(new TextEncoder().encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
}
