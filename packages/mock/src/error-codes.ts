// The `error.code` an error body carries for each status: the spec's, read from its documented
// error responses (generated), and the code an injected `status` fault answers with unless it
// names its own. Four statuses the spec documents for no operation get a code of the mock's own:
// 403 `forbidden` (a code ErrorResponse lists), 408 `request_timeout` (an upload that stopped
// sending), 410 `expired` (an upload past its lifetime) and 416 `range_not_satisfiable` (a
// range past the end of an upload or output).
// Any other status is `invalid_request` (4xx) or `internal_error` (5xx).
import { specErrorCodes } from "./generated/error-codes.gen.js";

const OWN: Readonly<Record<string, string>> = { 403: "forbidden", 408: "request_timeout", 410: "expired", 416: "range_not_satisfiable" };

export const errorCode = (status: number) => specErrorCodes[status] ?? OWN[status] ?? (status < 500 ? "invalid_request" : "internal_error");
