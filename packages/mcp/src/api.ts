// The API's own JSON Schemas, inlined from the bundled spec at build time (tsup.config.ts): what
// a task, a page of tasks and an uploaded file look like, and the bounds of taskId, page and pageSize.
type Schema = Record<string, unknown>;

declare const __MONET_API__: {
  task: Schema;
  taskList: Schema;
  file: Schema;
  taskId: Schema;
  page: Schema;
  pageSize: Schema;
  idempotencyKey: Schema;
};

export const api = __MONET_API__;
