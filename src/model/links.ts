/** Where a person goes from a problem: its entries in the Logs Explorer, a trace, the source line. */
export interface ProblemLinks {
  /** The Logs Explorer with the query that selects this problem's entries over the window. */
  readonly logs?: { readonly url: string; readonly project: string; readonly query: string };
  /** Cloud Trace, for a sample that carries a trace. */
  readonly trace?: { readonly url: string; readonly traceId: string };
  /** The file and line at the commit the service ran, when a source repository is configured. */
  readonly source?: { readonly url: string; readonly commit: string; readonly path: string; readonly line?: number };
}
