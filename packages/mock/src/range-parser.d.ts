// Types of range-parser (jshttp; it ships none): the ranges of a Range header for a body of `size`
// bytes, -1 when none is satisfiable, -2 when the header is malformed.
declare module "range-parser" {
  interface Ranges extends Array<{ start: number; end: number }> {
    type: string;
  }
  function rangeParser(size: number, header: string, options?: { combine?: boolean }): Ranges | -1 | -2;
  export = rangeParser;
}
