// What a multipart part's content type may be: one media type (`type/subtype`, with optional
// `; name=value` parameters, RFC 9110 tokens), nothing else. It is written into the part's head
// as given, so a line break in it would start headers or parts of the caller's choosing.
import { refuse } from "./refuse.js";

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"[^"\\\\\\x00-\\x1f\\x7f]*"';
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|${QUOTED}))*$`);
/** RFC 6838 bounds a type and a subtype name at 127 characters each; parameters get the rest. */
const MAX_LENGTH = 255;

/** Whether `value` is one media type that can go in a part's head as it is. */
export const isMediaType = (value: unknown): value is string => typeof value === "string" && value.length <= MAX_LENGTH && MEDIA_TYPE.test(value);

/** `value` if it is a media type; else an InputValidationError naming `contentType` and what it takes. */
export function checkedContentType(value: unknown): string {
  if (isMediaType(value)) return value;
  throw refuse(
    "contentType",
    `a media type such as image/png (type/subtype, optionally ;name=value parameters; no line breaks; at most ${MAX_LENGTH} characters)`,
    value,
  );
}
