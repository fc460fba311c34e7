// Forwarded response headers as what they are, not as free text: a hostile upstream could spread
// the key over several headers in pieces too short for the key filter (any 8 characters in a
// row), e.g. `retry-after: monet_l`, `retry-after-ms: ive_AUD`. A value that is not its header's
// form is dropped; the content type is rebuilt from what the proxy checked.

/** RFC 9110 10.2.3: delay-seconds, or an HTTP-date in its preferred form (IMF-fixdate). */
const RETRY_AFTER = /^(\d+|(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT)$/;
/** openai's finer hint: milliseconds, possibly fractional. */
const RETRY_AFTER_MS = /^\d+(\.\d+)?$/;

const FORMS: Record<string, RegExp> = { "retry-after": RETRY_AFTER, "retry-after-ms": RETRY_AFTER_MS };

/** Whether `value` has the form its header's definition gives it (a header with none passes). */
export const wellFormed = (name: string, value: string) => FORMS[name]?.test(value.trim()) ?? true;

/** The answer's content type as checked (`type` lower case), with only a UTF-8 charset kept: every body is read as UTF-8. */
export function checkedContentType(type: string, sent: string): string {
  const utf8 = sent
    .split(";")
    .slice(1)
    .some((p) => /^charset="?utf-8"?$/i.test(p.trim()));
  return utf8 ? `${type}; charset=utf-8` : type;
}
