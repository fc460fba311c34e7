// The create_*_task input schema as agents are shown it: the models' schemas say to upload local
// files with the HTTP route, which an agent cannot call; here they name the upload_file tool.
// And the media-URL schema (a long pattern) appears once, in `$defs`, each use a `$ref` to it,
// instead of once per media field of every model (JSON Schema 2020-12; the SDK client and Ajv
// resolve a local `$ref`).
import { uploadFile } from "@monet-ai/client/operations";

type Schema = Record<string, unknown>;

export const MEDIA_URL_DEF = "mediaUrl";
const ROUTE = `\`${uploadFile.method} ${uploadFile.path}\``;

const isMediaUrl = (s: Schema) => s.type === "string" && typeof s.pattern === "string" && s.format === "uri";

/** Every schema of `root` with the route named as the tool and each media URL schema a `$ref`, plus the `$defs`. */
export function advertised(root: Schema): Schema {
  let media: Schema | undefined;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string")
      return v
        .replaceAll(`Upload local files with ${ROUTE} first`, "Upload local files with the upload_file tool first")
        .replaceAll(ROUTE, "the upload_file tool");
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== "object") return v;
    const s = v as Schema;
    const each = () => Object.fromEntries(Object.entries(s).map(([k, x]) => [k, walk(x)]));
    if (isMediaUrl(s)) {
      // One definition, its examples left out; a media URL schema unlike it stays inline.
      const { examples: _e, ...rule } = s;
      const def = Object.fromEntries(Object.entries(rule).map(([k, x]) => [k, walk(x)]));
      if (media && JSON.stringify(media) !== JSON.stringify(def)) return each();
      media = def;
      return { $ref: `#/$defs/${MEDIA_URL_DEF}` };
    }
    return each();
  };
  const out = walk(root) as Schema;
  return media ? { ...out, $defs: { [MEDIA_URL_DEF]: media } } : out;
}

/** An output schema without `examples`: they describe what the tool returns, which the agent reads in the result itself. */
export function withoutExamples(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutExamples);
  if (!v || typeof v !== "object") return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => k !== "examples")
      .map(([k, x]) => [k, withoutExamples(x)]),
  );
}
