// The in-place multipart reader: what browsers, undici and curl send, and what they never should.
import { expect, test } from "vitest";
import { filePart, multipartBoundary } from "../src/multipart.js";

const crlf = (lines: string[]) => Buffer.from(lines.join("\r\n"));

test("the boundary, quoted or not; other types are not multipart", () => {
  expect(multipartBoundary("multipart/form-data; boundary=----x1")).toBe("----x1");
  expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b"')).toBe("a b");
  expect(multipartBoundary("multipart/form-data")).toBeUndefined();
  expect(multipartBoundary("application/json; boundary=x")).toBeUndefined();
});

test("the file part after other fields and a preamble; its bytes are a view, not a copy", () => {
  const body = crlf([
    "preamble to ignore",
    "--B",
    'Content-Disposition: form-data; name="note"',
    "",
    "hello",
    "--B",
    'Content-Disposition: form-data; name="file"; filename="caf\u00e9 %22x%22.png"',
    "Content-Type: Image/PNG",
    "",
    "\u0089PNG\r\n--notB",
    "--B--",
    "",
  ]);
  const part = filePart(body, "B", "file")!;
  expect(part.filename).toBe('caf\u00e9 "x".png');
  expect(part.contentType).toBe("image/png");
  expect(part.bytes.toString("latin1")).toBe("\u00c2\u0089PNG\r\n--notB");
  expect(part.bytes.buffer).toBe(body.buffer);
});

test("filename* (RFC 5987) wins over filename", () => {
  const body = crlf(["--B", `Content-Disposition: form-data; name="file"; filename="x.bin"; filename*=UTF-8''%E2%82%AC.bin`, "", "1", "--B--"]);
  expect(filePart(body, "B", "file")!.filename).toBe("\u20ac.bin");
});

test("the part is found by the field it is asked for (the spec's, through the operations table)", () => {
  const body = crlf(["--B", 'Content-Disposition: form-data; name="upload"; filename="a"', "", "1", "--B--"]);
  expect(filePart(body, "B", "upload")?.filename).toBe("a");
  expect(filePart(body, "B", "file")).toBeUndefined();
});

test("no file field is undefined; a body without boundaries or an unclosed part throws", () => {
  expect(filePart(crlf(["--B", 'Content-Disposition: form-data; name="other"; filename="a"', "", "1", "--B--"]), "B", "file")).toBeUndefined();
  expect(filePart(crlf(["--B", 'Content-Disposition: form-data; name="file"', "", "text, not a file", "--B--"]), "B", "file")).toBeUndefined();
  expect(() => filePart(Buffer.from("nothing here"), "B", "file")).toThrow();
  expect(() => filePart(crlf(["--B", 'Content-Disposition: form-data; name="file"; filename="a"', "", "never closed"]), "B", "file")).toThrow();
});
