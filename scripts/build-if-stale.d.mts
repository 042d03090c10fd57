/** Builds with electron-vite when out/ is older than the sources; false when the build failed. */
export function buildIfStale(): boolean;
/** The repository root. */
export const root: string;
