// The `error.code` an error body carries for each status, as the spec's error responses
// (openapi/src/responses) and ErrorResponse's list of codes give them; the code an injected
// `status` fault answers with unless it names its own. A status the spec gives no code is
// `invalid_request` (4xx) or `internal_error` (5xx); 410 is the mock's own `expired`.
const CODES: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  410: "expired",
  413: "payload_too_large",
  422: "validation_error",
  429: "rate_limited",
  500: "internal_error",
  503: "unavailable",
};

export const errorCode = (status: number) => CODES[status] ?? (status < 500 ? "invalid_request" : "internal_error");
