/** The release, as in package.json (a test keeps the two equal); reports and the user agent carry it. */
export const TOOL_VERSION = "0.1.0";
