// Bad input is refused before anything is sent (no upload, no task), with an error naming the
// field and what is allowed; a missing key and a wrong model type are refused as the AI SDK does.
import { InvalidArgumentError, LoadAPIKeyError, NoSuchModelError } from "@ai-sdk/provider";
import { generateImage, experimental_generateVideo as generateVideo } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createMonet, type MonetProviderSettings } from "../src/index.js";
import { type Harness, harness, KEY, STILL } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

async function refused(run: () => Promise<unknown>): Promise<InvalidArgumentError> {
  const tasks = h.mock.state.tasks.size;
  const files = h.mock.state.files.list(h.mock.url).length;
  const requests = h.sent.length;
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
  // Nothing was created, uploaded or even requested.
  expect(h.mock.state.tasks.size).toBe(tasks);
  expect(h.mock.state.files.list(h.mock.url)).toHaveLength(files);
  expect(h.sent.slice(requests)).toEqual([]);
  return error as InvalidArgumentError;
}

test("a field the model does not have (the issue's own example: kling-2-6 has no negative_prompt): named, with the model's fields, nothing sent", async () => {
  const e = await refused(() =>
    generateVideo({
      model: h.monet.video("kling-2-6"),
      prompt: { image: STILL, text: "slow orbit" },
      duration: 5,
      generateAudio: true,
      providerOptions: { monet: { negative_prompt: "blur" } },
    }),
  );
  expect(e.argument).toBe("providerOptions.monet.negative_prompt");
  expect(e.message).toBe(
    "Invalid input for Monet video model kling-2-6, nothing was sent: providerOptions.monet.negative_prompt is not a field of kling-2-6; its fields are prompt, images, duration, aspect_ratio, generate_audio",
  );
});

test("a value the model does not allow: named, with the allowed values", async () => {
  const e = await refused(() => generateVideo({ model: h.monet.video("wan-2-6"), prompt: "x", providerOptions: { monet: { shot_type: "triple" } } }));
  expect(e.argument).toBe("providerOptions.monet.shot_type");
  expect(e.message).toContain('providerOptions.monet.shot_type must be one of single, multi (got "triple")');
});

test("every problem at once, and problems of the standard settings name the setting they came from", async () => {
  // wan-2-5 (image) takes at most 2 images; strength is not one of its fields.
  const e = await refused(() =>
    generateImage({ model: h.monet.image("wan-2-5"), prompt: { text: "x", images: [STILL, STILL, STILL] }, providerOptions: { monet: { strength: 2 } } }),
  );
  expect(e.message).toContain("images must have at most 2 items (got 3) (from prompt.images)");
  expect(e.message).toContain("providerOptions.monet.strength is not a field of wan-2-5");
});

test("providerOptions.monet cannot change the model, and must be an object", async () => {
  const model = await refused(() => generateImage({ model: h.monet.image("flux-2-dev"), prompt: "x", providerOptions: { monet: { model: "imagen-4-0" } } }));
  expect(model.message).toContain('the model is flux-2-dev, chosen with monet.image("flux-2-dev")');
  await refused(() => generateImage({ model: h.monet.image("flux-2-dev"), prompt: "x", providerOptions: { monet: ["x"] as never } }));
});

// 0 and -5 became the nearest allowed length (5 s, paid) with only a warning.
test.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -5])(
  "duration %s is refused, naming what the model takes, nothing sent",
  async (duration) => {
    const e = await refused(() => generateVideo({ model: h.monet.video("kling-2-6"), prompt: "x", duration }));
    expect(e.argument).toBe("duration");
    expect(e.message).toBe(`duration must be a finite number of seconds above 0 (got ${duration}); kling-2-6 takes 5, 10 s`);
    // A range, and a fixed length, are named the same way.
    const range = await refused(() => generateVideo({ model: h.monet.video("doubao-seedance-1-5-pro"), prompt: "x", duration }));
    expect(range.message).toContain("; doubao-seedance-1-5-pro takes 4 to 12 s");
    const fixed = await refused(() => generateVideo({ model: h.monet.video("veo-3-1"), prompt: "x", duration }));
    expect(fixed.message).toContain("; veo-3-1 makes 8 s videos");
  },
);

// An own "__proto__" key (what JSON.parse makes) set the input's prototype: the field was dropped,
// with a warning about replacing the "__proto__" the standard settings gave.
test("providerOptions.monet.__proto__ is refused as not a field of the model, nothing sent", async () => {
  const e = await refused(() =>
    generateVideo({ model: h.monet.video("kling-2-6"), prompt: "x", duration: 5, providerOptions: { monet: JSON.parse('{"__proto__":{"duration":10}}') } }),
  );
  expect(e.argument).toBe("providerOptions.monet.__proto__");
  expect(e.message).toContain("providerOptions.monet.__proto__ is not a field of kling-2-6");
});

test("a prompt the model requires is missing: named before anything is sent", async () => {
  const e = await refused(() => generateVideo({ model: h.monet.video("sora-2"), prompt: { image: STILL } }));
  expect(e.argument).toBe("prompt");
  expect(e.message).toContain("prompt is required for sora-2");
});

test("no API key: LoadAPIKeyError on the first call (not at import), and nothing sent", async () => {
  const saved = process.env.MONET_API_KEY;
  delete process.env.MONET_API_KEY;
  try {
    const requests = h.sent.length;
    const monet = createMonet({ baseURL: h.mock.url });
    const e = await generateImage({ model: monet.image("flux-2-dev"), prompt: "x" }).catch((e: unknown) => e);
    expect(LoadAPIKeyError.isInstance(e)).toBe(true);
    expect((e as Error).message).toContain("MONET_API_KEY");
    expect(h.sent.length).toBe(requests);
  } finally {
    if (saved !== undefined) process.env.MONET_API_KEY = saved;
  }
});

test.each([
  [" monet_spaces_SECRET ", "has whitespace at its start or end"],
  ["monet_trailing_SECRET\n", "has whitespace at its start or end"],
  ["monet_x\nInjected: 1_SECRET", "holds a control character"],
  ["monet_in side_SECRET", "holds a space"],
  ["monet_\u201cquoted\u201d_SECRET", "holds a character that is not ASCII"],
])("a malformed key (%j): LoadAPIKeyError saying what is wrong, the key not shown, nothing sent", async (apiKey, said) => {
  const requests = h.sent.length;
  const monet = createMonet({ apiKey, baseURL: h.mock.url });
  const e = (await generateImage({ model: monet.image("flux-2-dev"), prompt: "x" }).catch((e: unknown) => e)) as Error;
  expect(LoadAPIKeyError.isInstance(e), String(e)).toBe(true);
  expect(e.message).toContain(`The Monet API key passed as createMonet({ apiKey }) ${said}`);
  expect(JSON.stringify({ m: e.message, s: e.stack })).not.toContain("SECRET");
  expect(h.sent.length).toBe(requests);
});

test("a model of another type: NoSuchModelError saying what it is (music: the client)", () => {
  expect(() => h.monet.video("flux-2-dev")).toThrow(/flux-2-dev is an image model of Monet, not a video model: use monet.image\("flux-2-dev"\)/);
  expect(() => h.monet.image("minimax-music")).toThrow(/the AI SDK has no music model interface: use @monet-ai\/client/);
  expect(
    NoSuchModelError.isInstance(
      (() => {
        try {
          h.monet.languageModel("x");
        } catch (e) {
          return e;
        }
      })(),
    ),
  ).toBe(true);
});

test("a model id newer than the catalog: its input goes unchecked to the API, with warnings, and the API's own 422 comes back", async () => {
  const e = await generateVideo({ model: h.monet.video("a-model-from-next-year"), prompt: "x", duration: 5 }).catch((e: unknown) => e);
  // The mock knows only the catalog: it answers 422, and the client's typed error carries it.
  expect((e as { status?: number }).status).toBe(422);
  expect(String((e as Error).message)).toContain("a-model-from-next-year");
});

test("the API key appears in no error message", async () => {
  const errors = await Promise.all([
    generateVideo({ model: h.monet.video("sora-2"), prompt: "[fail]" }).catch((e: unknown) => e),
    generateVideo({ model: h.monet.video("kling-2-6"), prompt: "x", providerOptions: { monet: { negative_prompt: "x" } } }).catch((e: unknown) => e),
    generateVideo({
      model: createMonet({ apiKey: KEY, baseURL: "http://127.0.0.1:9", fetch: () => Promise.reject(new Error("refused")) }).video("sora-2"),
      prompt: "x",
      maxRetries: 0,
    }).catch((e: unknown) => e),
  ]);
  for (const e of errors) {
    expect(e).toBeInstanceOf(Error);
    expect(JSON.stringify({ m: (e as Error).message, s: (e as Error).stack, c: String((e as Error).cause) })).not.toContain(KEY);
  }
});

// The client's rules for a pause and a count, reported the AI SDK's way. 2 ** 31 ms passed before
// and was refused by the client only at the wait, after the task was created; 1.5 bytes passed.
test.each<[string, unknown]>([
  ["pollIntervalMs", Number.NaN],
  ["pollIntervalMs", 0],
  ["pollIntervalMs", 2 ** 31],
  ["maxDownloadBytes", 0],
  ["maxDownloadBytes", 1.5],
  ["maxDownloadBytes", Number.NaN],
  ["waitTimeoutMs", 0],
  ["waitTimeoutMs", -1],
  ["waitTimeoutMs", Number.NaN],
  ["maxRetries", -1],
  ["maxRetries", 1.5],
  // An address the client refuses, refused by createMonet (it was refused by the first call).
  ["baseURL", "127.0.0.1:4020"],
  ["baseURL", "ftp://example.test"],
  ["baseURL", "https://monet.vision/api/v1"],
])("createMonet({ %s: %s }) is refused, naming the setting", (name, value) => {
  let error: unknown;
  try {
    createMonet({ apiKey: KEY, baseURL: h.mock.url, [name]: value } as MonetProviderSettings);
  } catch (e) {
    error = e;
  }
  expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
  expect((error as InvalidArgumentError).argument).toBe(name);
  expect((error as Error).message).toContain(`${name} must be`);
});
