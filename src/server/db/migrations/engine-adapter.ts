import { PrismaPg } from "@prisma/adapter-pg";
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQueryable,
  type SqlResultSet,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { createTemporaryDatabase, type TemporaryDatabase } from "../temporary-database";

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
// NUL cannot occur in a PostgreSQL identifier, so this suffix cannot clash with a real column name.
const CHAR_COLUMN_MARK = "\u0000char";

type TRowDescription = { fields: { name: string; dataTypeID: number }[] };

/**
 * The engine's catalogue queries return "char" columns (pg_constraint.contype,
 * pg_class.relkind, ...) and read some with get_expect_char, which needs the
 * Character column type. @prisma/adapter-pg 7.10 maps nothing to Character
 * and fails any query with an OID 18 column ("Column type 'char' could not be
 * deserialized"). So the client describes those columns as text, marking their
 * names, and withCharColumns types them back as Character.
 */
class CatalogCharClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.connection.prependListener("rowDescription", (message: TRowDescription) => {
      for (const field of message.fields) {
        if (field.dataTypeID !== PG_CHAR_OID) continue;
        field.dataTypeID = PG_TEXT_OID;
        field.name += CHAR_COLUMN_MARK;
      }
    });
  }
}

function retypeCharColumns(result: SqlResultSet): SqlResultSet {
  result.columnNames.forEach((name, i) => {
    if (!name.endsWith(CHAR_COLUMN_MARK)) return;
    result.columnNames[i] = name.slice(0, -CHAR_COLUMN_MARK.length);
    result.columnTypes[i] = ColumnTypeEnum.Character;
  });
  return result;
}

/** The same queryable (adapter or transaction), answering with "char" columns typed as Character. */
function withCharColumns<Q extends SqlQueryable>(queryable: Q): Q {
  const retyped = Object.create(queryable) as Q;
  retyped.queryRaw = async (query) => retypeCharColumns(await queryable.queryRaw(query));
  return retyped;
}

async function connectEngineAdapter(url: string, onDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
  const pool = new pg.Pool({ connectionString: url, Client: CatalogCharClient, max: 4 });
  const adapter = withCharColumns(await new PrismaPg(pool, { disposeExternalPool: true }).connect());
  let disposed: Promise<void> | undefined;
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    startTransaction: async (isolationLevel) => withCharColumns(await adapter.startTransaction(isolationLevel)),
    getConnectionInfo: () => adapter.getConnectionInfo(),
    // @prisma/adapter-pg splits a script on every ";" (breaking dollar-quoted
    // bodies) and runs the pieces on whichever pooled connection is free. Like
    // `prisma migrate deploy`, send a migration as one simple query instead: one
    // connection, one implicit transaction. Without parameters, pg uses the
    // simple protocol, which accepts many statements.
    executeScript: async (script) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
    },
    // The engine may dispose an adapter itself; the owner disposes whatever is left.
    dispose: () => {
      disposed ??= adapter.dispose().then(() => onDispose?.());
      return disposed;
    },
  };
}

export type EngineAdapterFactory = SqlMigrationAwareDriverAdapterFactory & {
  /** Disposes every connection the engine opened, and the databases made for it. */
  disposeAll(): Promise<void>;
};

/**
 * Connections for the schema engine: `url` is the database it migrates or
 * inspects, and each shadow database is a temporary one on the same server
 * (see createTemporaryDatabase). Not PrismaPg's own connectToShadowDb: it passes
 * the shadow's name beside a connectionString, which pg lets the connection
 * string override, so its "shadow" is the main database.
 */
export function engineAdapterFactory(url: string | undefined): EngineAdapterFactory {
  const opened: SqlDriverAdapter[] = [];
  const track = (adapter: SqlDriverAdapter) => {
    opened.push(adapter);
    return adapter;
  };
  let scratch: Promise<TemporaryDatabase> | undefined;
  const scratchUrl = async () => (await (scratch ??= createTemporaryDatabase(undefined, "herald_scratch"))).url;
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async connect() {
      // The engine probes the main database's version even when it only replays
      // history into a shadow; without one, a scratch server answers, and serves
      // as the shadow too, as nothing else lives there.
      return track(await connectEngineAdapter(url ?? (await scratchUrl())));
    },
    async connectToShadowDb() {
      if (!url) return track(await connectEngineAdapter(await scratchUrl()));
      const shadow = await createTemporaryDatabase(url, "herald_shadow");
      return track(await connectEngineAdapter(shadow.url, () => shadow.drop()));
    },
    async disposeAll() {
      await Promise.all(opened.map((adapter) => adapter.dispose()));
      await (await scratch)?.drop();
    },
  };
}
