// A reference reader of a whole server-sent-events body (WHATWG rules: `field: value` lines,
// events separated by a blank line, multi-line data joined), for checking what servers send.
export interface SseEvent {
  event: string;
  data: unknown;
  id?: string;
}

export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.replace(/\r\n?/g, "\n").split("\n\n")) {
    let event = "message";
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue;
      const i = line.indexOf(":");
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
      else if (field === "id") id = value;
    }
    if (data.length) events.push({ event, data: JSON.parse(data.join("\n")), ...(id ? { id } : {}) });
  }
  return events;
}
