import { pathToFileURL } from 'node:url';

/**
 * Set by the production build (scripts/build-server.ts) to the name of the program a bundle
 * starts; undefined when the TypeScript sources run through tsx.
 */
declare const __RATSSAAL_ENTRY__: string | undefined;

/** The programs with a command line; the production build bundles 'server' and 'export'. */
export type ProgramName = 'server' | 'export' | 'cards' | 'verify' | 'pair' | 'backup' | 'build';

/**
 * Whether the module calling this is the program that was started. From the sources: the
 * module's file is the script node was given. In a bundle every module shares the bundle's
 * URL, so there the build says which program the bundle is.
 */
export function runsAsProgram(moduleUrl: string, program: ProgramName): boolean {
  if (typeof __RATSSAAL_ENTRY__ !== 'undefined') return __RATSSAAL_ENTRY__ === program;
  return moduleUrl === pathToFileURL(process.argv[1] ?? '').href;
}
