// The file part of a multipart/form-data body (in the operations table's fileField), found in place:
// its bytes are a view into the request buffer, not a copy, so an upload is held in memory once. (Node's own
// Response.formData() copied a 256 MiB upload four more times.)

export interface FilePart {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** The boundary of a multipart/form-data Content-Type, or undefined when it is not one. */
export function multipartBoundary(contentType: string): string | undefined {
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** A form with two files under the one name the operation reads: which one is meant is not known. */
export class RepeatedPart extends Error {
  constructor(readonly field: string) {
    super(`${field} must be sent once: the form has more than one file part named ${field}`);
  }
}

/**
 * The part named `field` that is a file, or undefined. Throws RepeatedPart when there are two,
 * and an Error when the body is not valid multipart.
 */
export function filePart(body: Buffer, boundary: string, field: string): FilePart | undefined {
  const dash = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  let at = body.indexOf(dash);
  if (at < 0) throw new Error("no multipart boundary in the body");
  let found: FilePart | undefined;
  for (;;) {
    at += dash.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return found; // "--": the closing delimiter
    const headStart = body.indexOf("\r\n", at) + 2;
    const headEnd = body.indexOf("\r\n\r\n", headStart - 2);
    if (headStart < 2 || headEnd < 0) throw new Error("a part has no header end");
    const end = body.indexOf(next, headEnd + 4);
    if (end < 0) throw new Error("a part has no closing boundary");
    const head = headEnd < headStart ? "" : body.toString("utf8", headStart, headEnd);
    const disposition = /^content-disposition:(.*)$/im.exec(head)?.[1] ?? "";
    if (param(disposition, "name") === field) {
      const star = /;\s*filename\*\s*=\s*(?:utf-8|UTF-8)''([^;\s]+)/.exec(disposition)?.[1];
      const filename = (star && decode(star)) ?? param(disposition, "filename");
      if (filename !== undefined) {
        // A second file was silently dropped before: now the upload is refused, naming the field.
        if (found) throw new RepeatedPart(field);
        const type = /^content-type:\s*([^;\r\n]*)/im.exec(head)?.[1].trim().toLowerCase() ?? "";
        found = { filename, contentType: type, bytes: body.subarray(headEnd + 4, end) };
      }
    }
    at = end + 2;
  }
}

function param(header: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, "i").exec(header);
  if (!m) return undefined;
  // Browsers and undici escape a quote as %22 and line breaks as %0D/%0A inside the quotes.
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1").replace(/%22/g, '"').replace(/%0D/gi, "\r").replace(/%0A/gi, "\n") : m[2];
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
