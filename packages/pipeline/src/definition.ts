// A pipeline file as written, and as loaded: items read, names given, steps ordered, one node
// per task with the nodes it waits for.
import type { TaskType } from "@monet-ai/client";
import type { Item } from "./items.js";

// The spec's task types (not a list of our own: a new type in the spec reaches pipelines).
export type { TaskType };

export interface StepDefinition {
  /** `items`: one task per item; left out: one task for the whole pipeline. */
  foreach?: "items";
  type: TaskType;
  /** The model's input; strings may hold `${{ item.<field> }}` and `${{ steps.<step>.outputs[0].url }}`. */
  input: Record<string, unknown>;
  /** Steps to finish first, beyond the ones the input refers to. */
  needs?: string[];
}

/** What a pipeline file holds (YAML or JSON). */
export interface PipelineDefinition {
  $schema?: string;
  /** Part of every idempotency key: two pipelines with the same steps never share tasks. */
  name: string;
  /** Tasks running at once (default 4). */
  concurrency?: number;
  /** The item field that names output files (default: `id` when every item has one, else the position). */
  item_name?: string;
  items?: Item[] | { file: string };
  steps: Record<string, StepDefinition>;
}

export interface Step {
  name: string;
  type: TaskType;
  input: Record<string, unknown>;
  foreach: boolean;
  /** Every step this one waits for (its `needs` and the steps its input refers to). */
  deps: string[];
  /** 0 for steps that wait for none, else one more than the deepest they wait for. */
  depth: number;
}

export interface TaskNode {
  /** `<step>/<item name>`. */
  id: string;
  step: Step;
  /** Position in `items` (from 0), for foreach steps. */
  itemIndex?: number;
  item?: Item;
  /** The item's name, or the step's name for a step without foreach. Names output files. */
  itemName: string;
  /** What idempotency keys call the item (never its position: see item-keys.ts); the step's name without foreach. */
  itemKey: string;
  deps: TaskNode[];
}

export interface Pipeline {
  name: string;
  concurrency: number;
  /** The file it came from, if any; item files and local media are read relative to its folder. */
  file?: string;
  baseDir: string;
  items: Item[];
  itemNames: string[];
  /** Per item, what idempotency keys call it. */
  itemKeys: string[];
  /** Items are named by their position (no item_name, not every item has an id): edits move names. */
  positional: boolean;
  /** In dependency order. */
  steps: Step[];
  nodes: TaskNode[];
}
