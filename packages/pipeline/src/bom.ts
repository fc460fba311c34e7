// A byte order mark opens many a file saved as "UTF-8 with BOM" (Windows Notepad, PowerShell's
// Out-File, spreadsheet exports). JSON.parse refuses it ("unexpected character at line 1, column
// 1"): a nightly feed exported so failed as not JSON. CSV (csv-parse's bom option) and YAML skip
// it already; JSON and JSONL text goes through this. It holds no newline, so lines stay as they are.

/** `text` without the byte order mark it may open with. */
export const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
