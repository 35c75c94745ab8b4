/**
 * The demo's console format: one readable line per event, `HH:MM:SS.mmm LEVEL component: message key=value…`
 * (UTC clock). It reads pino's JSON line, so both formats carry exactly the same (already redacted) fields.
 */

const LEVEL_WIDTH = 5;
/** pino bookkeeping that a person at the console does not need. */
const HIDDEN = new Set(['time', 'level', 'msg', 'pid', 'hostname', 'component']);

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ⏎ ').trim();
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const level = String(entry.level ?? '')
    .toUpperCase()
    .padEnd(LEVEL_WIDTH);
  const component = typeof entry.component === 'string' ? `${entry.component}: ` : '';
  const message = oneLine(typeof entry.msg === 'string' ? entry.msg : '');
  const fields = Object.entries(entry)
    .filter(([key, value]) => !HIDDEN.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${fieldText(value)}`);
  const tail = fields.length > 0 ? `  ${fields.join(' ')}` : '';
  return `${time} ${level} ${component}${message}${tail}\n`;
}
