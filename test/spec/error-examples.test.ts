// An operation's error examples describe a failure that operation can have: Swagger UI and Postman
// show them beside the operation, and a list call shown "input.duration must be one of 10, 15" or
// "The request body is not valid JSON." (it has no body) misleads its reader.
import { expect, test } from "vitest";
import { spec } from "../support/spec.ts";

const resolve = (o: any): any =>
  o?.$ref
    ? resolve(
        o.$ref
          .split("/")
          .slice(1)
          .reduce((a: any, k: string) => a[k], spec),
      )
    : o;

/** The names a request of this operation can carry: its parameters and its body's top-level fields. */
function namesOf(op: any): Set<string> {
  const names = new Set<string>((op.parameters ?? []).map((p: any) => resolve(p).name));
  for (const media of Object.values<any>(op.requestBody ? resolve(op.requestBody).content : {})) {
    const body = resolve(media.schema);
    for (const s of [body, ...(body.oneOf ?? []).map(resolve)]) for (const k of Object.keys(s.properties ?? {})) names.add(k);
  }
  return names;
}

const cases = Object.entries<any>(spec.paths).flatMap(([path, item]) =>
  Object.entries<any>(item).flatMap(([method, op]) =>
    Object.entries<any>(op.responses)
      .filter(([status]) => status.startsWith("4"))
      .map(([status, response]) => ({
        name: `${method.toUpperCase()} ${path} ${status}`,
        op,
        example: resolve(response).content?.["application/json"]?.example,
      })),
  ),
);

test.each(cases)("$name: its example names only what the request carries", ({ op, example }) => {
  const names = namesOf(op);
  for (const d of example?.error?.details ?? []) expect(names, `details field ${d.field}`).toContain(d.field.split(/[.[]/)[0]);
  if (!op.requestBody) expect(example?.error?.message ?? "", "an operation with no body").not.toMatch(/\bbody\b|\bJSON\b/);
});
