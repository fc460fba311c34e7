// What a server wrote, quoted in a message the caller logs: cut to a bound, so a 5 MB
// `error.message` (or a failed task's) does not become a 5 MB error, with a note of how much
// was left out so the reader knows the quote is not whole. The rest stays on the error's data
// (`task.error`, the response) for whoever needs it.

/**
 * The longest quote of a server's text in a message: the API's own messages fit (a 422 listing a
 * field's allowed values runs to about 600 characters, the value it got at the end).
 */
export const QUOTE_MAX = 2_000;

/** `text`, or its first `max` characters and how many more there were. */
export const cut = (text: string, max = QUOTE_MAX) => (text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text);
