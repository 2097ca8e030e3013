import pg from "pg";

/** Runs `run` on a single short-lived connection: for DDL and locks that must not hop between pooled connections. */
export async function withPgClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
