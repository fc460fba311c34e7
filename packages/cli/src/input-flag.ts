// A model input's flag: its field's name with dashes (aspect_ratio: --aspect-ratio). One rule for
// the flags `generate` takes and for the errors that name them (output.ts), which must not load
// fields.ts and the model catalog to say it.
export const flagOf = (f: { name: string }) => `--${f.name.replace(/_/g, "-")}`;
