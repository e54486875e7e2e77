// JSON for terminals and tools: JSON.stringify leaves DEL, the C1 controls
// (U+0080–U+009F; U+009B is an 8-bit terminal's CSI) and the JavaScript line
// terminators U+2028/U+2029 raw, where hostile text can carry them. Escaped,
// they read back the same.
const RAW = /[\u007f-\u009f\u2028\u2029]/g

export function safeJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
