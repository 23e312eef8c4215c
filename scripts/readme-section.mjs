// Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in README.md.
import { readFileSync, writeFileSync } from 'node:fs';

export function writeReadmeSection(name, body, file = new URL('../README.md', import.meta.url)) {
  const text = readFileSync(file, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README.md has no ${start} … ${end} section`);
  writeFileSync(file, `${text.slice(0, i + start.length)}\n${body.trim()}\n${text.slice(j)}`);
}
