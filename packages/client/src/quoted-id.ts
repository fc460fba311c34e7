// An id a server sent, quoted in an error's message. JSON.stringify escapes control characters
// (`\u0007`) but leaves format characters raw; those the message's shown form then takes out
// (strip-controls.ts), so `task_<U+202E>gpj.exe` would read as another id, `task_gpj.exe`. Escaped
// here the same way, the message names the id the server really sent. Failure paths only.

/** `id` as JSON text (a string cut to 100 characters first, any other value's text after), its format characters (bidi marks, zero-width ones) as `\uXXXX`. */
export const quotedId = (id: unknown): string =>
  (typeof id === "string" ? JSON.stringify(id.slice(0, 100)) : String(JSON.stringify(id)).slice(0, 100)).replace(
    /\p{Cf}/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
