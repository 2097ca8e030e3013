// What global-setup.ts hands to every test worker through vitest's provide/inject.
declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated database of this test run. */
    databaseUrl: string;
  }
}

export {};
