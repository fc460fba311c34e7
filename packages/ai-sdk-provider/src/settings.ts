// The AI SDK's standard settings mapped onto a model's own fields, using the catalog: the value a
// field allows that is nearest to the one asked for, and a warning whenever the model cannot take
// a setting as given (never a silent drop).
import {
  type ImageModelV4CallOptions as ImageCallOptions,
  type ImageModelV4File as ImageFile,
  InvalidArgumentError,
  type SharedV4Warning,
  type Experimental_VideoModelV4CallOptions as VideoCallOptions,
  type Experimental_VideoModelV4File as VideoFile,
} from "@ai-sdk/provider";
import type { MediaType, ModelShape } from "./shape.js";

export type InputFile = ImageFile | VideoFile;

/** Input media for the model's `images` or `videos`, and the setting it came from. */
export interface MediaRef {
  kind: MediaType;
  file: InputFile;
  setting: string;
}

export interface Mapped {
  fields: Record<string, unknown>;
  media: MediaRef[];
  warnings: SharedV4Warning[];
}

const VIDEO_EXT = /\.(mp4|mov|m4v|webm|mkv|avi)$/i;

function parseRatio(s: string): number {
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(s);
  return m && +m[2] > 0 ? +m[1] / +m[2] : NaN;
}

function parseSize(setting: string, s: string): { w: number; h: number } {
  const m = /^(\d+)x(\d+)$/.exec(s);
  if (!m || +m[1] === 0 || +m[2] === 0)
    throw new InvalidArgumentError({ argument: setting, message: `${setting} must be WIDTHxHEIGHT in pixels, like 1280x720 (got ${JSON.stringify(s)})` });
  return { w: +m[1], h: +m[2] };
}

const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
const reduced = (w: number, h: number) => `${w / gcd(w, h)}:${h / gcd(w, h)}`;

/** The first of the values nearest by `distance` (values come in the order ties should go). */
function nearest<T>(values: readonly T[], distance: (v: T) => number): { value: T; distance: number } {
  let best = { value: values[0], distance: distance(values[0]) };
  for (const value of values.slice(1)) {
    const d = distance(value);
    if (d < best.distance) best = { value, distance: d };
  }
  return best;
}

/** A resolution tier in pixels: `720p` is the short side, `2K` about 2048 on the long side. */
function tierPixels(tier: string): { px: number; side: "short" | "long" } | undefined {
  const p = /^(\d+)p$/i.exec(tier);
  if (p) return { px: +p[1], side: "short" };
  const k = /^(\d+)K$/i.exec(tier);
  if (k) return { px: +k[1] * 1024, side: "long" };
}

/** The kind of a reference by its media type, or by its URL's extension when it has none. */
export function referenceKind(file: InputFile): MediaType | undefined {
  const type = file.type === "file" ? file.mediaType : (file as { mediaType?: string }).mediaType;
  if (type) return type.startsWith("image/") ? "image" : type.startsWith("video/") ? "video" : undefined;
  if (file.type === "url") return VIDEO_EXT.test(new URL(file.url, "https://x/").pathname) ? "video" : "image";
}

class Mapper {
  readonly fields: Record<string, unknown> = {};
  readonly media: MediaRef[] = [];
  readonly warnings: SharedV4Warning[] = [];

  constructor(readonly shape: ModelShape) {}

  private says(what: string) {
    return this.shape.info
      ? `${this.shape.id} ${what}`
      : `${this.shape.id} is not in this package's model catalog, so this setting cannot be mapped: set the model's own fields through providerOptions.monet`;
  }

  /** The model cannot take the setting: it is left out. */
  unsupported(feature: string, what: string) {
    this.warnings.push({ type: "unsupported", feature, details: this.says(what) });
  }

  /** The model takes the setting only approximately: the nearest value it allows was used. */
  approximated(feature: string, details: string) {
    this.warnings.push({ type: "compatibility", feature, details: `${this.shape.id} ${details}` });
  }

  prompt(text: string | undefined) {
    if (text === undefined) return;
    if (this.shape.field("prompt")) this.fields.prompt = text;
    else if (text.trim()) this.unsupported("prompt", "takes no text prompt (it follows its reference media)");
  }

  addMedia(kind: MediaType, file: InputFile, setting: string) {
    if (this.shape.field(kind === "image" ? "images" : "videos")) this.media.push({ kind, file, setting });
    else this.unsupported(setting, `takes no ${kind} input`);
  }

  /** Sets `aspect_ratio` to the allowed ratio nearest to `wanted`; false if the model has none. */
  aspect(setting: string, wanted: string, ratio: number): boolean {
    const values = this.shape.field("aspect_ratio")?.enum?.map(String);
    if (!values?.length) return false;
    if (!Number.isFinite(ratio) || ratio <= 0)
      throw new InvalidArgumentError({ argument: setting, message: `${setting} must be WIDTH:HEIGHT, like 16:9 (got ${JSON.stringify(wanted)})` });
    const best = values.includes(wanted) ? { value: wanted, distance: 0 } : nearest(values, (v) => Math.abs(Math.log(parseRatio(v) / ratio)));
    this.fields.aspect_ratio = best.value;
    if (best.distance > 1e-9) this.approximated(setting, `takes aspect_ratio ${values.join(", ")}: ${best.value} is the nearest to ${wanted}`);
    return true;
  }

  /** Sets `resolution` to the tier nearest to `w`x`h`; false if the model has no tiers. */
  tier(setting: string, w: number, h: number): boolean {
    const tiers = (this.shape.field("resolution")?.enum ?? []).map(String).flatMap((t) => {
      const p = tierPixels(t);
      return p ? [{ t, px: p.px, want: p.side === "short" ? Math.min(w, h) : Math.max(w, h) }] : [];
    });
    if (!tiers.length) return false;
    const best = nearest(tiers, (x) => Math.abs(x.px - x.want));
    this.fields.resolution = best.value.t;
    if (best.distance > 0) this.approximated(setting, `takes resolution ${tiers.map((x) => x.t).join(", ")}: ${best.value.t} is the nearest to ${w}x${h}`);
    return true;
  }

  /** The size or resolution as a tier and, unless `aspectRatio` was given, as an aspect ratio. */
  pixels(setting: string, value: string, aspectGiven: boolean, what: string) {
    const { w, h } = parseSize(setting, value);
    const usedTier = this.tier(setting, w, h);
    const usedRatio = !aspectGiven && this.aspect(setting, reduced(w, h), w / h);
    if (usedTier) return;
    if (usedRatio) this.approximated(setting, `takes no ${what}: only the aspect ratio of ${value} was used`);
    else this.unsupported(setting, aspectGiven ? `takes no ${what} (aspectRatio sets its aspect ratio)` : `takes no ${what} or aspect ratio`);
  }

  /** What the model takes as a duration, for an error naming it. */
  private durations(): string {
    const f = this.shape.field("duration");
    const span = this.shape.info?.durationSeconds;
    if (f?.enum) return `; ${this.shape.id} takes ${[...f.enum].sort((a, b) => Number(a) - Number(b)).join(", ")} s`;
    if (f) return `; ${this.shape.id} takes ${f.minimum ?? "any"} to ${f.maximum ?? "any"} s`;
    return span ? `; ${this.shape.id} makes ${span.min === span.max ? span.min : `${span.min} to ${span.max}`} s videos` : "";
  }

  duration(seconds: number) {
    // NaN, Infinity, 0 or a negative length is a bug upstream (a failed parse, a division by zero,
    // a sign slip), not a length: no nearest value means anything, and Infinity as "the longest"
    // would quietly buy the most expensive video. Refused before anything is sent, so it costs nothing.
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds <= 0)
      throw new InvalidArgumentError({
        argument: "duration",
        message: `duration must be a finite number of seconds above 0 (got ${typeof seconds === "number" ? seconds : JSON.stringify(seconds)})${this.durations()}`,
      });
    const f = this.shape.field("duration");
    const span = this.shape.info?.durationSeconds;
    if (!f) {
      if (span && span.min === span.max && span.min === seconds) return;
      this.unsupported(
        "duration",
        !span
          ? "takes no duration"
          : span.min === span.max
            ? `makes ${span.min} s videos`
            : `takes no duration: the length follows its input video (${span.min} to ${span.max} s)`,
      );
      return;
    }
    if (f.enum) {
      // Ascending, so a tie goes to the shorter (cheaper, faster) length.
      const values = [...f.enum].sort((a, b) => Number(a) - Number(b));
      const best = nearest(values, (v) => Math.abs(Number(v) - seconds));
      this.fields.duration = best.value;
      if (best.distance > 0) this.approximated("duration", `takes ${values.join(", ")} s: ${best.value} is the nearest to ${seconds}`);
      return;
    }
    let v = f.kind === "integer" ? Math.round(seconds) : seconds;
    v = Math.min(f.maximum ?? v, Math.max(f.minimum ?? v, v));
    this.fields.duration = v;
    if (v !== seconds) this.approximated("duration", `takes ${f.minimum ?? "any"} to ${f.maximum ?? "any"} s: ${v} was used for ${seconds}`);
  }

  audio(on: boolean) {
    if (this.shape.field("generate_audio")) this.fields.generate_audio = on;
    else if (!this.shape.info) this.unsupported("generateAudio", "takes generate_audio");
    else if (on && !this.shape.info.generatesAudio) this.unsupported("generateAudio", "has no generate_audio switch, and Monet does not say it makes sound");
    else if (!on && this.shape.info.generatesAudio) this.unsupported("generateAudio", "always generates audio");
  }

  /** A setting the model takes under the same name (none of today's models takes `seed` or `fps`). */
  same(feature: string, name: string, value: unknown) {
    if (value === undefined) return;
    if (this.shape.field(name)) this.fields[name] = value;
    else this.unsupported(feature, `takes no ${name}`);
  }

  done(): Mapped {
    return { fields: this.fields, media: this.media, warnings: this.warnings };
  }
}

/** `generateImage`'s settings as the fields of an image model. */
export function mapImageSettings(shape: ModelShape, o: ImageCallOptions): Mapped {
  const m = new Mapper(shape);
  m.prompt(o.prompt);
  for (const file of o.files ?? []) m.addMedia("image", file, "prompt.images");
  if (o.mask) m.unsupported("mask", "takes no mask (no Monet model inpaints)");
  if (o.aspectRatio && !m.aspect("aspectRatio", o.aspectRatio, parseRatio(o.aspectRatio))) m.unsupported("aspectRatio", "takes no aspect ratio");
  if (o.size) m.pixels("size", o.size, !!o.aspectRatio, "pixel size");
  m.same("seed", "seed", o.seed);
  return m.done();
}

/** `experimental_generateVideo`'s settings as the fields of a video model. */
export function mapVideoSettings(shape: ModelShape, o: VideoCallOptions): Mapped {
  const m = new Mapper(shape);
  m.prompt(o.prompt);
  // The SDK puts a first frame in `image` already; `frameImages` is read for callers that did not.
  const start = o.image ?? o.frameImages?.find((f) => f.frameType === "first_frame")?.image;
  if (start) m.addMedia("image", start, o.image ? "prompt.image" : "frameImages");
  for (const f of o.frameImages ?? [])
    if (f.frameType !== "first_frame") m.unsupported("frameImages", `takes no ${f.frameType.replace("_", " ")}: only a first frame, sent as its first image`);
  for (const ref of o.inputReferences ?? []) {
    const kind = referenceKind(ref);
    if (kind) m.addMedia(kind, ref, "inputReferences");
    else m.unsupported("inputReferences", `takes images and videos only, not ${ref.type === "file" ? ref.mediaType : "this reference"}`);
  }
  if (o.aspectRatio === "adaptive") {
    // Left out, so the model follows its input image; without one it uses its own default.
    if (m.shape.field("aspect_ratio") && !m.media.some((r) => r.kind === "image"))
      m.approximated("aspectRatio", "has no input image to take the ratio from (adaptive): its default ratio is used");
  } else if (o.aspectRatio && !m.aspect("aspectRatio", o.aspectRatio, parseRatio(o.aspectRatio))) m.unsupported("aspectRatio", "takes no aspect ratio");
  if (o.resolution)
    m.pixels("resolution", o.resolution, !!o.aspectRatio, `resolution${shape.info?.outputResolution ? ` (it makes ${shape.info.outputResolution})` : ""}`);
  if (o.duration !== undefined) m.duration(o.duration);
  m.same("fps", "fps", o.fps);
  m.same("seed", "seed", o.seed);
  if (o.generateAudio !== undefined) m.audio(o.generateAudio);
  return m.done();
}
