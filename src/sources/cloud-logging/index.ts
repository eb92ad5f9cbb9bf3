export { createAccessTokenProvider, LOGGING_READ_SCOPE } from "./auth.js";
export { createEntriesClient, ORDER_BY, type EntriesClient, type ListEntriesPage, type ListEntriesRequest } from "./client.js";
export { cloudLoggingReadOptions, type CloudLoggingFlags } from "./config.js";
export { buildFilter, MAX_FILTER_CHARS, type FilterSpec } from "./query.js";
export { openCloudLogging, type CloudLoggingContext, type CloudLoggingProgress, type CloudLoggingReadOptions } from "./source.js";
