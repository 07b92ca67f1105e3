// POSIX-shell-like word splitting and quoting, so a filter bar can accept a pasted
// `hubble observe --http-path '^/api/.*' --label "app in (a, b)"` command line.

/**
 * Splits a command line into words: whitespace separates, '…' is literal, "…" allows \" \\ \$ \`
 * escapes, and a backslash outside quotes escapes the next character.
 * @throws Error for an unterminated quote or a trailing backslash.
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error("unterminated single quote");
      word += text.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated double quote");
        const c = text[i]!;
        if (c === '"') break;
        if (c === "\\" && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1]!)) {
          if (text[i + 1] !== "\n") word += text[i + 1];
          i += 2;
        } else {
          word += c;
          i++;
        }
      }
      i++;
    } else if (ch === "\\") {
      if (i + 1 >= text.length) throw new Error("trailing backslash");
      if (text[i + 1] !== "\n") word += text[i + 1];
      i += 2;
    } else {
      word += ch;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Quotes a word for a POSIX shell only when needed (`app=web` stays bare, `a b` → `'a b'`). */
export function quoteShellWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
