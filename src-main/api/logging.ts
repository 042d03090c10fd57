/** The core's loggers, for hosts (which import the API layer only). */
export type { Logger } from "../core/logger.ts";
export { silentLogger } from "../core/logger.ts";
export { createStreamLogger } from "../core/stream-logger.ts";
