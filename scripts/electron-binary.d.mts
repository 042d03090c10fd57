/** The Electron binary's path, or undefined where it is not installed. */
export function electronBinary(): string | undefined;
