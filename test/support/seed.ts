// The facts of the Monet API reference, as committed data (openapi/reference/, written by
// scripts/reference.mjs from the reference text). Tests hold the spec and every generated package
// to these facts, independently of the spec; nothing here reads outside the repository.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const referenceFile = (name: string) => JSON.parse(fs.readFileSync(path.join(repoRoot, "openapi/reference", name), "utf8"));

export type SeedType = "video" | "image" | "music";
export interface SeedField {
  name: string;
  required: boolean;
  /** "string" | "string[]" | "number" | "boolean" | "enum" */
  kind: string;
  enum?: (string | number)[];
  default?: string | number;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}
export interface SeedModel {
  type: SeedType;
  id: string;
  name: string;
  /** The group heading it sits under ("Flux (Black Forest Labs)"); none for music. */
  heading?: string;
  /** The introduction's line on its family ("Kling: Kuaishou's video generation model"). */
  about?: string;
  duration?: { min: number; max: number };
  pricing?: { creditsPerSecond: number } | { by: "resolution"; rates: Record<string, number> };
  /** A video the reference says makes sound (it names no silent one). */
  audio?: true;
  fields: SeedField[];
}
export interface SeedOperation {
  method: string;
  path: string;
  requestFields: string[];
  query: string[];
  responseFields: string[];
  streaming?: boolean;
  multipartField?: string;
}
export interface SeedApi {
  operations: SeedOperation[];
  statuses: string[];
  pollIntervalSeconds: number;
  fileRetentionHours: number;
  apiKeyEnv: string;
  authScheme: string;
  idempotencyKeyRequired: boolean;
}

export function readSeedModels(): SeedModel[] {
  return referenceFile("models.json");
}

export function readSeedApi(): SeedApi {
  return referenceFile("api.json");
}
