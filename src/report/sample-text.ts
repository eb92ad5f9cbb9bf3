// One sample entry as readable text: pretty JSON, cut at a bound with a note saying how much was left out.

export interface SampleText {
  readonly text: string;
  /** Characters of the whole pretty text, when it was cut. */
  readonly cutFrom?: number;
}

/** Pretty JSON (2-space indent, like gcloud) of a sample; a string sample is shown as it is. */
export function prettySample(sample: unknown): string {
  if (typeof sample === "string") return sample;
  try {
    return JSON.stringify(sample, null, 2) ?? String(sample);
  } catch {
    // A cyclic or BigInt-holding value cannot come from parsed JSON, but a sample is typed `unknown`.
    return String(sample);
  }
}

/** At most `maxChars` characters, never splitting a surrogate pair; `cutFrom` says how long the whole was. */
export function sampleText(sample: unknown, maxChars: number): SampleText {
  const text = prettySample(sample);
  if (text.length <= maxChars) return { text };
  let end = maxChars;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), cutFrom: text.length };
}
