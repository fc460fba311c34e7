// The API key of an `Authorization: Bearer <key>` header. The scheme is case-insensitive
// (RFC 9110, 11.1: `bearer` and `BEARER` are `Bearer`), the key is not: any `monet_...` works.
const BEARER = /^bearer +(monet_\S+)$/i;

export function bearerKey(header: string | undefined): string | undefined {
  const key = header && BEARER.exec(header)?.[1];
  // The `i` flag is for the scheme only: a key must start with monet_ exactly.
  return key?.startsWith("monet_") ? key : undefined;
}
