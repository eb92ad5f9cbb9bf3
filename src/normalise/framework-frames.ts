/**
 * The logging machinery's own frames. A location stated as `logging · callHandlers · 1706` is where
 * Python's handler ran, not where the application logged: unrelated messages all "come from" there.
 * Such a location is dropped (the logger name, else nothing, scopes the entry instead), and stack
 * frames in these places are passed over for the first application frame.
 */
import type { SourceLocation } from "../model/entry.js";

/** Modules (dotted or as a file path without extension) that are logging frameworks or access loggers. */
const FRAMEWORK_MODULE =
  /^(?:logging(?:\.\w+)?|structlog(?:\.\w+)*|loguru(?:\.\w+)*|uvicorn\.(?:access|error|logging)|gunicorn\.(?:glogging|access|error)|google\.cloud\.logging(?:_v2)?(?:\.\w+)*|ch\.qos\.logback(?:\.[\w$]+)*|org\.apache\.(?:log4j|logging\.log4j)(?:\.[\w$]+)*|org\.slf4j(?:\.[\w$]+)*|java\.util\.logging(?:\.[\w$]+)*|org\.jboss\.logging(?:\.[\w$]+)*|console|pino|winston|bunyan|log)$/;

/** File paths inside a logging framework (any language). */
const FRAMEWORK_PATH =
  /(?:^|[/\\])(?:logging[/\\]__init__\.py|logging[/\\]handlers\.py|structlog[/\\]|loguru[/\\]|uvicorn[/\\](?:logging|protocols[/\\]http[/\\]\w+_impl)\.py|gunicorn[/\\]glogging\.py|google[/\\]cloud[/\\]logging(?:_v2)?[/\\]|node_modules[/\\](?:pino|winston|bunyan|loglevel|log4js|consola)[/\\]|node:internal[/\\]console[/\\]|src[/\\]log[/\\]log\.go|log[/\\]slog[/\\]|ch[/\\]qos[/\\]logback[/\\]|org[/\\]apache[/\\](?:log4j|logging[/\\]log4j)[/\\]|org[/\\]slf4j[/\\]|java[/\\]util[/\\]logging[/\\])/;

export function isFrameworkLocation(location: SourceLocation): boolean {
  const module = location.module;
  if (module !== undefined && FRAMEWORK_MODULE.test(module)) return true;
  const file = location.file;
  if (file !== undefined && FRAMEWORK_PATH.test(file)) return true;
  // A Java frame reports `ch.qos.logback.classic.Logger.info` as its function.
  const fn = location.function;
  if (fn !== undefined && FRAMEWORK_MODULE.test(fn.slice(0, Math.max(0, fn.lastIndexOf("."))))) return true;
  // `callHandlers` with no module is still Python's logging; `handle` alone is too common a name to judge.
  return module === undefined && file === undefined && fn !== undefined && /^(?:callHandlers|makeRecord)$/.test(fn);
}

