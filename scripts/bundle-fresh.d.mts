// Types of scripts/bundle-fresh.mjs, for the tests.
/** The bundle's path when it exists and no source is newer, else null. */
export function freshBundle(root: string): string | null;
