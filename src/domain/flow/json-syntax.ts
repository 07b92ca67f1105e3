// Engine-independent JSON syntax diagnosis for one line. JSON.parse error
// messages differ between V8, SpiderMonkey and JavaScriptCore (and the decoder
// runs in Node and in browser workers), so after JSON.parse rejects a line we
// re-scan it with this small validator to tell "truncated" from "not JSON" and
// to name the column. It only runs on lines that already failed.

/** `problem` is "expected …" (the found character is appended) or a complete description. */
type ScanResult = { kind: "ok" } | { kind: "eof" } | { kind: "bad"; at: number; problem: string };

type State = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "after" | "done";

const isSpace = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\n" || c === "\r";
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** Returns the index after a string starting at `start` (a quote), or a failure. */
function scanString(text: string, start: number): number | ScanResult {
  let i = start + 1;
  for (;;) {
    const c = text[i];
    if (c === undefined) return { kind: "eof" };
    if (c === '"') return i + 1;
    if (c === "\\") {
      const e = text[i + 1];
      if (e === undefined) return { kind: "eof" };
      if (e === "u") {
        for (let k = 2; k < 6; k++) {
          if (text[i + k] === undefined) return { kind: "eof" };
          if (!isHex(text[i + k])) return { kind: "bad", at: i + k, problem: "expected a hex digit of a \\u escape" };
        }
        i += 6;
      } else if ('"\\/bfnrt'.includes(e)) {
        i += 2;
      } else {
        return { kind: "bad", at: i + 1, problem: "expected a valid escape character" };
      }
    } else if (c < " ") {
      return { kind: "bad", at: i, problem: `raw control character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} inside a string` };
    } else {
      i++;
    }
  }
}

/** Returns the index after a number starting at `start`, or a failure. */
function scanNumber(text: string, start: number): number | ScanResult {
  let i = start;
  if (text[i] === "-") i++;
  const digits = (): number | ScanResult => {
    if (text[i] === undefined) return { kind: "eof" };
    if (!isDigit(text[i])) return { kind: "bad", at: i, problem: "expected a digit" };
    while (isDigit(text[i])) i++;
    return i;
  };
  if (text[i] === "0") {
    i++;
  } else {
    const r = digits();
    if (typeof r !== "number") return r;
  }
  if (text[i] === ".") {
    i++;
    const r = digits();
    if (typeof r !== "number") return r;
  }
  if (text[i] === "e" || text[i] === "E") {
    i++;
    if (text[i] === "+" || text[i] === "-") i++;
    const r = digits();
    if (typeof r !== "number") return r;
  }
  return i;
}

function scanLiteral(text: string, start: number): number | ScanResult {
  const word = ["true", "false", "null"].find((w) => w[0] === text[start]) ?? "";
  for (let k = 0; k < word.length; k++) {
    if (text[start + k] === undefined) return { kind: "eof" };
    if (text[start + k] !== word[k]) return { kind: "bad", at: start + k, problem: `expected the literal ${word}` };
  }
  return start + word.length;
}

/** Validates `text` as one JSON document: ok, a proper prefix of one (eof), or bad at an index. */
export function scanJson(text: string): ScanResult {
  const stack: string[] = [];
  let state: State = "value";
  let i = 0;
  const afterValue = (): State => (stack.length === 0 ? "done" : "after");
  for (;;) {
    while (isSpace(text[i])) i++;
    const c = text[i];
    if (c === undefined) return state === "done" ? { kind: "ok" } : { kind: "eof" };
    let next: number | ScanResult = i + 1;
    switch (state) {
      case "done":
        return { kind: "bad", at: i, problem: "expected the end of the line after the JSON value" };
      case "colon":
        if (c !== ":") return { kind: "bad", at: i, problem: 'expected ":" after the key' };
        state = "value";
        break;
      case "after": {
        const top = stack.at(-1);
        const close = top === "{" ? "}" : "]";
        if (c === ",") {
          state = top === "{" ? "key" : "value";
        } else if (c === close) {
          stack.pop();
          state = afterValue();
        } else {
          return { kind: "bad", at: i, problem: `expected "," or "${close}"` };
        }
        break;
      }
      case "key-or-close":
      case "key":
        if (state === "key-or-close" && c === "}") {
          stack.pop();
          state = afterValue();
        } else if (c === '"') {
          next = scanString(text, i);
          state = "colon";
        } else {
          return { kind: "bad", at: i, problem: "expected a quoted key" };
        }
        break;
      case "value-or-close":
      case "value":
        if (state === "value-or-close" && c === "]") {
          stack.pop();
          state = afterValue();
        } else if (c === "{" || c === "[") {
          stack.push(c);
          state = c === "{" ? "key-or-close" : "value-or-close";
        } else {
          if (c === '"') next = scanString(text, i);
          else if (c === "-" || isDigit(c)) next = scanNumber(text, i);
          else if (c === "t" || c === "f" || c === "n") next = scanLiteral(text, i);
          else return { kind: "bad", at: i, problem: "expected a JSON value" };
          state = afterValue();
        }
        break;
    }
    if (typeof next !== "number") return next;
    i = next;
  }
}

/**
 * Explains why `text` is not a JSON document, for a line JSON.parse rejected:
 * "truncated JSON (unexpected end of input)" or "not JSON: expected …, found … at column N".
 */
export function describeJsonSyntaxError(text: string, engineMessage: string): string {
  const scan = scanJson(text);
  if (scan.kind === "eof") {
    return "truncated JSON (unexpected end of input)";
  }
  if (scan.kind === "bad") {
    const found = scan.problem.startsWith("expected")
      ? `, found ${JSON.stringify(String.fromCodePoint(text.codePointAt(scan.at) ?? 0))}`
      : "";
    return `not JSON: ${scan.problem}${found} at column ${scan.at + 1}`;
  }
  // Our scanner accepted what the engine rejected (should not happen); trust the engine.
  return `not JSON: ${engineMessage}`;
}

const LONG_DIGIT_RUN = /\d{16}/;

/**
 * Wraps bare integers too large for a JS number in quotes, so JSON.parse keeps
 * every digit. Proto JSON accepts 64-bit integers as numbers or strings, but a
 * number above 2^53 would silently lose precision in JSON.parse.
 */
export function quoteBigIntegers(text: string): string {
  if (!LONG_DIGIT_RUN.test(text)) {
    return text;
  }
  let out = "";
  let copied = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
    } else if (c === "-" || isDigit(c)) {
      const scanned = scanNumber(text, i);
      const end = typeof scanned === "number" ? scanned : i + 1;
      const token = text.slice(i, end);
      if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copied, i)}"${token}"`;
        copied = end;
      }
      i = end - 1;
    }
  }
  return out + text.slice(copied);
}
