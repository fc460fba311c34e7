// Idempotency: one key per logical request; repeating it returns the same task.
import { Monet } from "@monet-ai/client";

const monet = new Monet();
const order = {
  type: "music",
  input: { model: "minimax-music", prompt: "A calm piano piece" },
  idempotency_key: "order-1042-soundtrack",
} as const;

const first = await monet.tasks.create(order);
const again = await monet.tasks.create(order); // e.g. after a crash and a restart
console.log(first.id === again.id ? "same task, created once" : "two tasks!");
