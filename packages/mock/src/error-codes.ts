// The `error.code` an error body carries for each status: the spec's, read from its documented
// error responses (generated), and the code an injected `status` fault answers with unless it
// names its own. Three statuses the spec documents for no operation get a code of the mock's own:
// 403 `forbidden` (a code ErrorResponse lists), 408 `request_timeout` (an upload that stopped
// sending) and 410 `expired` (an upload past its lifetime).
// Any other status is `invalid_request` (4xx) or `internal_error` (5xx).
import { specErrorCodes } from "./generated/error-codes.gen.js";

const OWN: Readonly<Record<string, string>> = { 403: "forbidden", 408: "request_timeout", 410: "expired" };

export const errorCode = (status: number) => specErrorCodes[status] ?? OWN[status] ?? (status < 500 ? "invalid_request" : "internal_error");
