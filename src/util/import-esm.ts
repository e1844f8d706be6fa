// import() of an ES module from code the CLI bundle holds. bin/playback.cjs compiles the bundle
// itself, to give V8 its code cache, and in Node 20 a function compiled from that cache has no
// module loader to import() with: the entry point lends its own through `lendImport`. From
// source (tsx, vitest) nothing is lent and this module's own import() serves.
type Importer = (specifier: string) => Promise<unknown>;

let lent: Importer | undefined;

export function lendImport(importer: Importer): void {
  lent = importer;
}

export function importEsm<T>(specifier: string): Promise<T> {
  return (lent ? lent(specifier) : import(specifier)) as Promise<T>;
}
