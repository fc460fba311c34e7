// The API's error shape, for everything the proxy answers itself.
export const errorBody = (code: string, message: string) => JSON.stringify({ error: { code, message } });

export const errorResponse = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  new Response(errorBody(code, message), { status, headers: { "content-type": "application/json", "x-content-type-options": "nosniff", ...headers } });
